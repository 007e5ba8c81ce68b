-- Schemas of the pipeline, owned by the loader role (run as that role).
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists marts;
create schema if not exists fewshot;
create schema if not exists events;

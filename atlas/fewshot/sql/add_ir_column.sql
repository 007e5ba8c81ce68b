-- Tables made before examples carried their IR get the column; the sync then fills it in place.
alter table fewshot.examples add column if not exists ir jsonb

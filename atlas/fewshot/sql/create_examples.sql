-- fewshot.examples for a model whose vectors have {dim} dimensions; the masked question is what is embedded.
create table fewshot.examples (
    id text primary key,
    question text not null,
    masked_question text not null,
    intent text not null,
    entities jsonb not null,
    queries jsonb not null,
    answer_from text,
    model text not null,
    content_hash text not null,
    embedding vector({dim}) not null,
    updated_at timestamptz not null default now()
);
create index examples_embedding_hnsw on fewshot.examples using hnsw (embedding vector_cosine_ops);

-- fewshot.examples for a model whose vectors have {dim} dimensions; the masked question is what is embedded.
-- ir: the example's query IR as JSON with entity slots as placeholders (atlas.fewshot.ir_template).
create table fewshot.examples (
    id text primary key,
    question text not null,
    masked_question text not null,
    intent text not null,
    entities jsonb not null,
    ir jsonb,
    queries jsonb not null,
    answer_from text,
    model text not null,
    content_hash text not null,
    embedding vector({dim}) not null,
    updated_at timestamptz not null default now()
);
create index examples_embedding_hnsw on fewshot.examples using hnsw (embedding vector_cosine_ops);

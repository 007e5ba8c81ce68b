insert into fewshot.examples as e
    (id, question, masked_question, intent, entities, ir, queries, answer_from, model, content_hash, embedding)
values
    (%(id)s, %(question)s, %(masked_question)s, %(intent)s, %(entities)s, %(ir)s, %(queries)s, %(answer_from)s,
     %(model)s, %(content_hash)s, %(embedding)s)
on conflict (id) do update set
    question = excluded.question,
    masked_question = excluded.masked_question,
    intent = excluded.intent,
    entities = excluded.entities,
    ir = excluded.ir,
    queries = excluded.queries,
    answer_from = excluded.answer_from,
    model = excluded.model,
    content_hash = excluded.content_hash,
    embedding = excluded.embedding,
    updated_at = now()

-- An example whose embedded text is unchanged: refresh the other fields, only when they differ.
update fewshot.examples set
    question = %(question)s,
    intent = %(intent)s,
    entities = %(entities)s,
    ir = %(ir)s,
    queries = %(queries)s,
    answer_from = %(answer_from)s,
    updated_at = now()
where id = %(id)s
  and (question, intent, entities, ir, queries, answer_from)
      is distinct from (%(question)s, %(intent)s, %(entities)s, %(ir)s, %(queries)s, %(answer_from)s)

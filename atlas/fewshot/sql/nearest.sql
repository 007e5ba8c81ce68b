-- The k examples nearest to a question vector by cosine distance (HNSW index: embedding vector_cosine_ops).
select id, question, masked_question, intent, entities, queries, answer_from,
       embedding <=> %(vector)s as distance
from fewshot.examples
order by embedding <=> %(vector)s
limit %(k)s

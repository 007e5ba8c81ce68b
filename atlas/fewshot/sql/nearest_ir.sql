-- The k examples nearest to a question vector by cosine distance, with their IR templates (HNSW index).
select id, question, masked_question, intent, entities, ir,
       embedding <=> %(vector)s as distance
from fewshot.examples
order by embedding <=> %(vector)s
limit %(k)s

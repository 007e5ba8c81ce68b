select id, content_hash from fewshot.examples

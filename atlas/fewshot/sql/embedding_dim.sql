-- The declared dimension of fewshot.examples.embedding (pgvector keeps it as the type modifier); no row if absent.
select a.atttypmod as dim
from pg_catalog.pg_attribute a
where a.attrelid = to_regclass('fewshot.examples')
  and a.attname = 'embedding'
  and not a.attisdropped

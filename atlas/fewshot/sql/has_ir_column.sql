-- Whether fewshot.examples has the ir column (tables made before the examples carried their IR do not).
select 1 from pg_catalog.pg_attribute
where attrelid = to_regclass('fewshot.examples') and attname = 'ir' and not attisdropped

delete from fewshot.examples where id <> all(%(keep)s::text[])

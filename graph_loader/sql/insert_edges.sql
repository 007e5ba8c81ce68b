-- Endpoints by business key; a source row without both vertices produces no edge (reported by the count checks).
insert into {table} (id, start_id, end_id, properties)
select ag_catalog._graphid(%(label_id)s, nextval(%(seq)s::regclass)), a.id, b.id, src.properties
from ({source}) as src
join {start_stage} as a on a.key = src.start_key
join {end_stage} as b on b.key = src.end_key

-- Every label of a graph: its id (the high 16 bits of its graphids) and its id sequence, for set-based inserts.
select
    l.name::text as label,
    l.id as label_id,
    quote_ident(n.nspname) || '.' || quote_ident(l.seq_name::text) as seq,
    l.relation::regclass::text as relation
from ag_catalog.ag_label as l
join ag_catalog.ag_graph as g on g.graphid = l.graph
join pg_catalog.pg_namespace as n on n.oid = g.namespace
where g.name = %(graph)s

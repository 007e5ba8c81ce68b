-- A label table's id default names its graph; point it at the graph's final name so that Cypher CREATE keeps
-- working after the build graph is renamed into place (alter_graph does not rewrite these defaults).
alter table {table} alter column id set default
    ag_catalog._graphid(ag_catalog._label_id({graph_name}::name, {label_name}::name)::integer, nextval({seq}::regclass))

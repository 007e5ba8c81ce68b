-- Traversals join edges to vertices on start_id/end_id in both directions.
create unique index on {table} (id);
create index on {table} (start_id);
create index on {table} (end_id)

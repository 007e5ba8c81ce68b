-- The read-only role reads the new graph from the moment it is switched in. Granted on the build graph's own
-- schema inside the build transaction: these rows are ours alone, so no concurrent GRANT elsewhere (dbt, another
-- loader) can make the switch fail with "tuple concurrently updated".
grant usage on schema {schema} to {reader};
grant select on all tables in schema {schema} to {reader}

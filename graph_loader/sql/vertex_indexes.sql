-- AGE 1.5 creates no indexes on label tables. id: edge endpoints. The key property: WHERE n.key = $v (this is the
-- expression AGE generates for n.key), and it keeps the mart key unique. GIN: property maps in MATCH patterns,
-- which AGE turns into properties @> map.
create unique index on {table} (id);
create unique index on {table} (ag_catalog.agtype_access_operator(variadic array[properties, {key}]));
create index on {table} using gin (properties)

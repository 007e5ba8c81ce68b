-- Index (benchmark) vertices: all of them.
select
    x.index_id::text as key,
    ag_catalog.agtype_build_map_nonull('index_id', x.index_id::text, 'name', x.name::text) as properties
from marts.dim_index as x

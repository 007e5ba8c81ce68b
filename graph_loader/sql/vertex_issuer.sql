-- Issuer (asset manager) vertices: all of them.
select
    i.issuer_id::text as key,
    ag_catalog.agtype_build_map_nonull('issuer_id', i.issuer_id::text, 'name', i.name::text) as properties
from marts.dim_issuer as i

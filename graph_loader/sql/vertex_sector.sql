-- Sector (KIND industry) vertices: all of them (a small lookup; sectors without held stocks stay unconnected).
select
    s.sector_id::text as key,
    ag_catalog.agtype_build_map_nonull('sector_id', s.sector_id::text, 'name', s.name::text) as properties
from marts.dim_sector as s

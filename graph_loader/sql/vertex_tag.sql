-- Tag vertices: all tags of the rules seed.
select
    t.tag::text as key,
    ag_catalog.agtype_build_map_nonull('tag', t.tag::text) as properties
from marts.dim_tag as t

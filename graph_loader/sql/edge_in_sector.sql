-- IN_SECTOR: stock -> its KIND industry (only stocks that are vertices, i.e. held on the graph's date).
select s.code::text as start_key, s.sector::text as end_key, ag_catalog.agtype_build_map() as properties
from marts.dim_stock as s
where s.sector is not null

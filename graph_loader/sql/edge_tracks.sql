-- TRACKS: ETF -> its benchmark index.
select e.ticker::text as start_key, e.index_id::text as end_key, ag_catalog.agtype_build_map() as properties
from marts.dim_etf as e
where e.index_id is not null

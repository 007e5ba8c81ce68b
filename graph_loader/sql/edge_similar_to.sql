-- SIMILAR_TO: ETF -> ETF by holdings overlap on the graph's date (overlap in percent, rank 1 = most similar).
select
    o.etf_ticker::text as start_key,
    o.other_ticker::text as end_key,
    ag_catalog.agtype_build_map_nonull('overlap', o.overlap_pct::float8, 'rank', o.rank::integer) as properties
from marts.mart_etf_overlap as o
where o.as_of = %(as_of)s

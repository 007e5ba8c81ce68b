-- TAGGED: ETF -> tag, from the transparent tag rules.
select b.etf_ticker::text as start_key, b.tag::text as end_key, ag_catalog.agtype_build_map() as properties
from marts.bridge_etf_tag as b

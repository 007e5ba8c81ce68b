-- MANAGED_BY: ETF -> its issuer.
select e.ticker::text as start_key, e.issuer_id::text as end_key, ag_catalog.agtype_build_map() as properties
from marts.dim_etf as e
where e.issuer_id is not null

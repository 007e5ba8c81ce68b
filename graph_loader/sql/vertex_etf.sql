-- ETF vertices: every ETF of the master (listed or delisted), keyed by ticker.
select
    e.ticker::text as key,
    ag_catalog.agtype_build_map_nonull('ticker', e.ticker::text, 'name', e.name::text, 'isin', e.isin::text) as properties
from marts.dim_etf as e

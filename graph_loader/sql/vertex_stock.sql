-- Stock vertices: only the instruments some ETF holds on the graph's date (the rest of dim_stock would be isolated
-- vertices; "which ETFs hold X" is answered the same without them, and entity linking reads the marts).
select
    s.code::text as key,
    ag_catalog.agtype_build_map_nonull(
        'code', s.code::text, 'name', s.name::text, 'instrument_type', s.instrument_type::text
    ) as properties
from marts.dim_stock as s
where s.code in (select h.instrument_code from marts.fct_etf_holdings as h where h.trade_date = %(as_of)s)

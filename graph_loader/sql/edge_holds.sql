-- HOLDS: the graph date's holdings. Numbers as floats (weight in percent 0-100, shares per CU, value in KRW),
-- as_of as 'YYYY-MM-DD'. Rows whose ETF or instrument has no vertex are dropped by the join (see count checks).
select
    h.etf_ticker::text as start_key,
    h.instrument_code::text as end_key,
    ag_catalog.agtype_build_map_nonull(
        'weight', h.weight_pct::float8,
        'shares', h.shares::float8,
        'value', h.value_krw::float8,
        'as_of', h.trade_date::text
    ) as properties
from marts.fct_etf_holdings as h
where h.trade_date = %(as_of)s

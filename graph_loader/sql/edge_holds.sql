-- HOLDS: the graph date's holdings. Numbers as floats (weight in percent 0-100, shares per CU, value in KRW),
-- dates as 'YYYY-MM-DD'. Rows whose ETF or instrument has no vertex are dropped by the join (see count checks).
-- value: the holding's value on the date (per CU) - the holdings file's amount (fct_etf_holdings.value_krw) where
-- it has one (value_source 'holdings_file'), else shares x the instrument's close of the same day where the marts
-- quote it (an ETF held by an ETF, fct_etf_prices; value_source 'shares_x_close'), else absent; value_date is the
-- date of the figure (the holdings date) and is absent with the value.
with valued as (
    select
        h.etf_ticker,
        h.instrument_code,
        h.weight_pct,
        h.shares,
        h.trade_date,
        case
            when h.value_krw is not null then h.value_krw
            when h.shares is not null and p.close_price is not null then h.shares * p.close_price
        end as value_krw,
        case
            when h.value_krw is not null then 'holdings_file'
            when h.shares is not null and p.close_price is not null then 'shares_x_close'
        end as value_source
    from marts.fct_etf_holdings as h
    left join marts.fct_etf_prices as p on p.etf_ticker = h.instrument_code and p.trade_date = h.trade_date
    where h.trade_date = %(as_of)s
)
select
    v.etf_ticker::text as start_key,
    v.instrument_code::text as end_key,
    ag_catalog.agtype_build_map_nonull(
        'weight', v.weight_pct::float8,
        'shares', v.shares::float8,
        'value', v.value_krw::float8,
        'value_source', v.value_source,
        'value_date', case when v.value_source is not null then v.trade_date::text end,
        'as_of', v.trade_date::text
    ) as properties
from valued as v

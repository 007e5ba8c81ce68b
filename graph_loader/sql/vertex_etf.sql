-- ETF vertices: every ETF of the master (listed or delisted), keyed by ticker. The ETF's quote of the graph's date
-- (marts.fct_etf_prices, the same day only: no nearest-earlier fallback) gives close, nav and market_cap in KRW with
-- price_date; an ETF the quotes do not hold that day has none of the four (null values are left out of the map).
select
    e.ticker::text as key,
    ag_catalog.agtype_build_map_nonull(
        'ticker', e.ticker::text,
        'name', e.name::text,
        'isin', e.isin::text,
        'close', p.close_price::float8,
        'nav', p.nav::float8,
        'market_cap', p.market_cap_krw::float8,
        'price_date', p.trade_date::text
    ) as properties
from marts.dim_etf as e
left join marts.fct_etf_prices as p on p.etf_ticker = e.ticker and p.trade_date = %(as_of)s

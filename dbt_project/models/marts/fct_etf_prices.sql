{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='trade_date',
        on_schema_change='append_new_columns',
        indexes=[{'columns': ['etf_ticker', 'trade_date'], 'unique': true}, {'columns': ['trade_date']}],
    )
}}
-- Daily ETF quotes. Incremental by trade date like fct_etf_holdings.
-- Index (trade_date): every ETF on one day (rankings, returns between two days, the incremental delete).

with prices as (
    select * from {{ ref('stg_krx__etf_prices') }}
    where true {{ date_window_filter('trade_date') }}
)

select
    trade_date,
    ticker as etf_ticker,
    close_price,
    change_price,
    change_pct,
    nav,
    -- KRX prints 0 for open/high/low when nothing traded that day.
    case when volume = 0 and open_price = 0 then null else open_price end as open_price,
    case when volume = 0 and high_price = 0 then null else high_price end as high_price,
    case when volume = 0 and low_price = 0 then null else low_price end as low_price,
    volume,
    traded_value_krw,
    market_cap_krw,
    listed_units
from prices

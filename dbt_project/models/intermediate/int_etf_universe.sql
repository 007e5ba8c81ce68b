-- Every ETF ticker seen in any source (masters, daily prices, holdings), with its ISIN and best-known name.
-- ETFs delisted before the masters were taken appear only in prices or holdings.
with master as (
    select * from {{ ref('int_etf_master_latest') }}
),

latest_prices as (
    select distinct on (ticker) ticker, isin, listed_units, trade_date
    from {{ ref('stg_krx__etf_prices') }}
    order by ticker, trade_date desc
),

holdings_etfs as (
    select substr(etf_isin, 4, 6) as ticker, etf_isin as isin, last_holdings_date
    from {{ ref('int_holding_etfs') }}
    where etf_isin ~ '^KR7[0-9A-Z]{6}00[0-9]$'
),

latest_names as (
    select distinct on (ticker) ticker, name
    from {{ ref('int_etf_names') }}
    order by ticker, last_seen_on desc, name
),

tickers as (
    select ticker from master
    union
    select ticker from latest_prices
    union
    select ticker from holdings_etfs
)

select
    tickers.ticker,
    coalesce(master.isin, latest_prices.isin, holdings_etfs.isin, {{ krx_etf_isin('tickers.ticker') }}) as isin,
    coalesce(master.name, latest_names.name) as name,
    master.isin is not null as in_master,
    coalesce(master.is_listed, false) as is_listed,
    latest_prices.listed_units as last_price_listed_units,
    latest_prices.trade_date as last_price_date,
    holdings_etfs.last_holdings_date
from tickers
left join master on master.ticker = tickers.ticker
left join latest_prices on latest_prices.ticker = tickers.ticker
left join holdings_etfs on holdings_etfs.ticker = tickers.ticker
left join latest_names on latest_names.ticker = tickers.ticker

-- Every name an ETF ticker carried in any source, with the last date it was seen: masters (short names),
-- daily prices, and holdings lines where another ETF holds it. Feeds name fallbacks and former-name search terms.
with master as (
    select ticker, name, as_of_date as seen_on, 'master' as name_source
    from {{ ref('stg_krx__etf_master') }}
),

prices as (
    select ticker, name, max(trade_date) as seen_on, 'prices' as name_source
    from {{ ref('stg_krx__etf_prices') }}
    where name is not null
    group by ticker, name
),

holdings_etfs as (
    select etf_isin from {{ ref('int_holding_etfs') }}
),

known_tickers as (
    select ticker from master
    union
    select ticker from prices
    union
    select substr(etf_isin, 4, 6) from holdings_etfs
),

held_as_constituent as (
    select held.instrument_code as ticker, held.instrument_name as name,
        max(held.last_held_on) as seen_on, 'holdings' as name_source
    from {{ ref('int_holding_instruments') }} as held
    inner join known_tickers on known_tickers.ticker = held.instrument_code
    where held.instrument_name is not null
    group by held.instrument_code, held.instrument_name
),

unioned as (
    select * from master
    union all
    select * from prices
    union all
    select * from held_as_constituent
)

select
    ticker,
    trim(name) as name,
    max(seen_on) as last_seen_on,
    (array_agg(name_source order by seen_on desc, name_source))[1] as name_source
from unioned
where trim(name) <> ''
group by ticker, trim(name)

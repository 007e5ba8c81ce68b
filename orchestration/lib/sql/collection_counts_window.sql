-- What was collected per trade date in [first, last] (raw rows), for dates not announced yet: one grouped pass
-- per raw table instead of one count query per date.
with prices as (
    select trade_date, count(*) as prices
    from raw.krx_etf_prices
    where trade_date between %(first)s and %(last)s
    group by trade_date
),

holdings as (
    select trade_date, count(*) as holdings, count(distinct etf_isu_cd) as holding_etfs
    from raw.krx_etf_holdings
    where trade_date between %(first)s and %(last)s
    group by trade_date
),

collected as (
    select
        trade_date,
        coalesce(prices.prices, 0) as prices,
        coalesce(holdings.holdings, 0) as holdings,
        coalesce(holdings.holding_etfs, 0) as holding_etfs
    from prices
    full outer join holdings using (trade_date)
)

select trade_date, prices, holdings, holding_etfs
from collected
where not exists (select 1 from events.collection_runs as runs where runs.trade_date = collected.trade_date)
order by trade_date

-- Trade dates in [first, last] with raw rows and no announcement yet, and which raw tables have rows on each. Each
-- table's distinct dates come from a loose index scan of its primary key (trade_date leads it): one index probe
-- per date, not a pass over every row.
with recursive price_dates as (
    (
        select trade_date from raw.krx_etf_prices
        where trade_date between %(first)s and %(last)s
        order by trade_date
        limit 1
    )
    union all
    select (
        select p.trade_date from raw.krx_etf_prices as p
        where p.trade_date > price_dates.trade_date and p.trade_date <= %(last)s
        order by p.trade_date
        limit 1
    )
    from price_dates
    where price_dates.trade_date is not null
),

holding_dates as (
    (
        select trade_date from raw.krx_etf_holdings
        where trade_date between %(first)s and %(last)s
        order by trade_date
        limit 1
    )
    union all
    select (
        select h.trade_date from raw.krx_etf_holdings as h
        where h.trade_date > holding_dates.trade_date and h.trade_date <= %(last)s
        order by h.trade_date
        limit 1
    )
    from holding_dates
    where holding_dates.trade_date is not null
),

collected as (
    select
        coalesce(p.trade_date, h.trade_date) as trade_date,
        p.trade_date is not null as has_prices,
        h.trade_date is not null as has_holdings
    from (select trade_date from price_dates where trade_date is not null) as p
    full outer join (select trade_date from holding_dates where trade_date is not null) as h using (trade_date)
)

select trade_date, has_prices, has_holdings
from collected
where not exists (select 1 from events.collection_runs as runs where runs.trade_date = collected.trade_date)
order by trade_date

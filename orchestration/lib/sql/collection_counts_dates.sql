-- Raw rows collected on each of the given trade dates, in one grouped pass over those dates only. An ETF's
-- holdings are numbered from line 1, so its line 1 counts the ETF (no count(distinct), no sort).
with prices as (
    select trade_date, count(*) as prices
    from raw.krx_etf_prices
    where trade_date = any(%(dates)s)
    group by trade_date
),

holdings as (
    select trade_date, count(*) as holdings, count(*) filter (where line_no = 1) as holding_etfs
    from raw.krx_etf_holdings
    where trade_date = any(%(dates)s)
    group by trade_date
)

select
    trade_date,
    coalesce(prices.prices, 0) as prices,
    coalesce(holdings.holdings, 0) as holdings,
    coalesce(holdings.holding_etfs, 0) as holding_etfs
from prices
full outer join holdings using (trade_date)
order by trade_date

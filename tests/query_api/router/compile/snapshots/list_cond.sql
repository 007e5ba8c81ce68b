-- sql: ETFs of the set, sorted and limited
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select e.ticker, e.name, p.market_cap_krw as market_cap, e.total_fee_pct as fee, (select d from pd) as price_date, count(*) over () as total_count
from marts.dim_etf e
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
where e.is_listed
  and p.market_cap_krw >= %(p1)s::numeric
  and e.total_fee_pct < %(p2)s::numeric
order by p.market_cap_krw desc nulls last, p.market_cap_krw desc nulls last, e.ticker
limit %(p3)s::int

-- sql: ETFs of the set, sorted and limited
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select e.ticker, e.name, e.total_fee_pct as fee, p.market_cap_krw as market_cap, (select d from pd) as price_date, count(*) over () as total_count
from marts.dim_etf e
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
where e.is_listed
  and e.total_fee_pct < (select x.total_fee_pct from marts.dim_etf x where x.ticker = %(p1)s::text)
  and p.market_cap_krw > (select y.market_cap_krw from marts.fct_etf_prices y join marts.dim_etf x on x.ticker = y.etf_ticker where y.etf_ticker = %(p2)s::text and y.trade_date = (select d from pd))
  and e.ticker <> all(%(p3)s::text[])
order by e.total_fee_pct asc nulls last, p.market_cap_krw desc nulls last, e.ticker
limit %(p4)s::int

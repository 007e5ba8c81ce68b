-- sql: ETFs holding the stock, by weight
with hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
),
pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select e.ticker, e.name, h.weight_pct as weight, h.instrument_code as stock_code, h.instrument_name as stock_name, (select d from hd) as holdings_date, e.total_fee_pct as fee, (select d from pd) as price_date, count(*) over () as total_count
from marts.fct_etf_holdings h
join marts.dim_etf e on e.ticker = h.etf_ticker
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
where h.trade_date = (select d from hd)
  and h.instrument_code = %(p1)s::text
  and e.is_active = %(p2)s::boolean
order by e.total_fee_pct asc nulls last, p.market_cap_krw desc nulls last, e.ticker
limit %(p3)s::int

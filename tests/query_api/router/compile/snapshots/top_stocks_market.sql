-- sql: stocks held by the most ETFs of the set
with hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select h.instrument_code as code, max(h.instrument_name) as name, count(*) as etf_count,
       round(sum(h.weight_pct), 2) as total_weight, (select d from hd) as holdings_date
from marts.fct_etf_holdings h
join marts.dim_etf e on e.ticker = h.etf_ticker
join marts.dim_stock sm on sm.code = h.instrument_code

where h.trade_date = (select d from hd)
  and not h.is_cash
  and sm.market = %(p1)s::text
group by h.instrument_code
order by count(*) desc, sum(h.value_krw) desc nulls last, 1
limit %(p2)s::int

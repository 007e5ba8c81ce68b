-- sql: ETFs holding the stock, by weight
with sref1 as (
select x.code, x.name, x.weight, x.rank, x.holdings_date, x.total_count, x.total_weight,
       e.ticker, e.name as etf_name
from (
    select fh.instrument_code as code, fh.instrument_name as name, fh.weight_pct as weight,
           fh.trade_date as holdings_date, fh.etf_ticker,
           row_number() over (order by fh.weight_pct desc nulls last, fh.instrument_code) as rank,
           count(*) over () as total_count, round(sum(fh.weight_pct) over (), 2) as total_weight
    from marts.fct_etf_holdings fh
    where fh.etf_ticker = %(p2)s::text and not fh.is_cash and fh.trade_date = (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = %(p2)s::text and trade_date <= coalesce(%(as_of)s::date, 'infinity'::date))
) x
join marts.dim_etf e on e.ticker = x.etf_ticker
order by x.rank
limit %(p3)s::int
),
hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select e.ticker, e.name, h.weight_pct as weight, h.instrument_code as stock_code, h.instrument_name as stock_name, (select d from hd) as holdings_date, count(*) over () as total_count
from marts.fct_etf_holdings h
join marts.dim_etf e on e.ticker = h.etf_ticker

where h.trade_date = (select d from hd)
  and h.instrument_code = (select code from sref1 limit 1)
  and e.brand = %(p4)s::text
order by h.weight_pct desc nulls last, e.ticker
limit %(p5)s::int

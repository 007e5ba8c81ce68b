-- sql: figures of the named ETFs and a stock's weight in each
with hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select t.ord, e.ticker, e.name, w.weight_pct as weight, %(p2)s::text as stock_code, coalesce(w.instrument_name, (select s.name from marts.dim_stock s where s.code = %(p2)s::text)) as stock_name, (select d from hd) as holdings_date
from unnest(array[%(p1)s::text]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker

left join marts.fct_etf_holdings w on w.etf_ticker = e.ticker and w.trade_date = (select d from hd) and w.instrument_code = %(p2)s::text
order by t.ord

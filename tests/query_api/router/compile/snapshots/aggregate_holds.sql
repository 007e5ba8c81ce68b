-- sql: count of ETFs
with hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select count(*) as value, count(*) as etf_count, max((select d from hd)) as holdings_date
from marts.dim_etf e

where exists (select 1 from marts.fct_etf_holdings h where h.trade_date = (select d from hd) and h.etf_ticker = e.ticker and h.instrument_code = %(p1)s::text)
  and exists (select 1 from marts.fct_etf_holdings h where h.trade_date = (select d from hd) and h.etf_ticker = e.ticker and h.instrument_code = %(p2)s::text)

-- sql: holding changes of the ETFs
with cd as (
select max(trade_date) as d from marts.fct_holding_changes where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select c.trade_date, c.prev_date, c.etf_ticker as ticker, e.name, c.instrument_code as code,
       c.instrument_name as stock_name, c.change_kind, c.weight_prev, c.weight_curr, c.weight_delta, c.shares_delta,
       count(*) over () as total_count, count(*) over (partition by c.change_kind) as kind_count,
       min(c.trade_date) over () as first_date, max(c.trade_date) over () as last_date
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
left join marts.dim_stock s on s.code = c.instrument_code

where c.trade_date = (select d from cd)
  and e.is_active = %(p1)s::boolean
  and c.change_kind = any(%(p2)s::text[])
  and coalesce(s.instrument_type, '') <> all(%(p3)s::text[])
order by abs(coalesce(c.weight_delta, c.weight_curr, c.weight_prev, 0)) desc, c.etf_ticker, c.instrument_code
limit %(p4)s::int

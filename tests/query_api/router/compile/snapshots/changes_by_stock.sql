-- sql: stocks the most ETFs of the set changed
with cd as (
select max(trade_date) as d from marts.fct_holding_changes where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select c.instrument_code as code, max(c.instrument_name) as stock_name,
       count(distinct c.etf_ticker) as etf_count, count(*) as change_count,
       string_agg(distinct c.change_kind, ',') as kinds, round(sum(abs(coalesce(c.weight_delta, 0))), 2) as moved,
       min(c.trade_date) as first_date, max(c.trade_date) as last_date, count(*) over () as total_count
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
left join marts.dim_stock s on s.code = c.instrument_code

where c.trade_date = (select d from cd)
  and e.is_active = %(p1)s::boolean
  and c.change_kind = any(%(p2)s::text[])
  and coalesce(s.instrument_type, '') = any(%(p3)s::text[])
group by c.instrument_code
order by count(distinct c.etf_ticker) desc, sum(abs(coalesce(c.weight_delta, 0))) desc, c.instrument_code
limit %(p4)s::int

-- sql: ETFs of the set with the most such changes
with cd as (
select max(trade_date) as d from marts.fct_holding_changes where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select c.etf_ticker as ticker, max(e.name) as name, count(*) as change_count,
       string_agg(distinct c.change_kind, ',') as kinds,
       min(c.trade_date) as first_date, max(c.trade_date) as last_date, count(*) over () as total_count
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
left join marts.dim_stock s on s.code = c.instrument_code

where c.trade_date = (select d from cd)
  and c.change_kind = any(%(p1)s::text[])
  and coalesce(s.instrument_type, '') <> all(%(p2)s::text[])
group by c.etf_ticker
order by count(*) desc, c.etf_ticker
limit %(p3)s::int

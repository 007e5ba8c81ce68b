-- sql: holding changes counted per kind
with cd as (
select max(trade_date) as d from marts.fct_holding_changes where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select c.change_kind, count(*) as kind_count, count(distinct c.etf_ticker) as etf_count,
       min(c.trade_date) as first_date, max(c.trade_date) as last_date
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
left join marts.dim_stock s on s.code = c.instrument_code

where c.trade_date = (select d from cd)
  and e.is_active = %(p1)s::boolean
  and coalesce(s.instrument_type, '') <> all(%(p2)s::text[])
group by c.change_kind
order by c.change_kind

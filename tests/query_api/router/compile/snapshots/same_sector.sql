-- sql: other stocks of the same sector
with hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select o.code, o.name, o.sector, o.market, hc.holder_count,
       s.code as base_code, s.name as base_name, (select d from hd) as holdings_date
from marts.dim_stock s
join marts.dim_stock o on o.sector = s.sector and o.code <> s.code
cross join lateral (
    select count(*) as holder_count from marts.fct_etf_holdings h
    where h.instrument_code = o.code and h.trade_date = (select d from hd)
) hc
where s.code = %(p1)s::text
order by hc.holder_count desc, o.code
limit %(p2)s::int

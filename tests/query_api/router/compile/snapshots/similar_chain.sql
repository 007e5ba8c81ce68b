-- sql: ETFs most similar by holdings overlap
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
),
eref1 as (
select e.ticker, e.name, p.market_cap_krw as market_cap, (select d from pd) as price_date, count(*) over () as total_count
from marts.dim_etf e
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
where e.is_listed
  and e.brand = %(p2)s::text
order by p.market_cap_krw desc nulls last, p.market_cap_krw desc nulls last, e.ticker
limit %(p3)s::int
)
select o.other_ticker as ticker, e.name, o.overlap_pct as overlap, o.common_count, o.rank,
       o.as_of, o.etf_ticker as base_ticker, base.name as base_name
from marts.mart_etf_overlap o
join marts.dim_etf e on e.ticker = o.other_ticker
join marts.dim_etf base on base.ticker = o.etf_ticker
where o.etf_ticker = (select ticker from eref1 limit 1)
order by o.rank
limit %(p4)s::int

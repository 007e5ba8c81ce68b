-- sql: max of market_cap per issuer
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select e.issuer_id as grp, max(p.market_cap_krw) as value, (array_agg(e.ticker order by p.market_cap_krw desc nulls last, e.ticker))[1] as top_ticker, (array_agg(e.name order by p.market_cap_krw desc nulls last, e.ticker))[1] as top_name, count(*) as etf_count, max((select d from pd)) as price_date, count(*) over () as group_count
from marts.dim_etf e
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
where e.is_listed
group by 1
order by 2 desc nulls last, 1
limit %(p1)s::int

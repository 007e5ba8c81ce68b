-- sql: figures of the named ETFs
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
),
pd4 as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(p3)s::date, 'infinity'::date)
)
select t.ord, e.ticker, e.name, p.market_cap_krw as market_cap, p0.market_cap_krw as market_cap_then, (select d from pd) as price_date, (select d from pd4) as price_date_then
from unnest(array[%(p1)s::text] || array[%(p2)s::text]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
left join marts.fct_etf_prices p0 on p0.etf_ticker = e.ticker and p0.trade_date = (select d from pd4)
order by t.ord

-- sql: figures of the named ETFs
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select t.ord, e.ticker, e.name, e.issuer_name as issuer, e.index_name as index, e.total_fee_pct as fee, p.close_price as close, p.market_cap_krw as market_cap, (select d from pd) as price_date
from unnest(array[%(p1)s::text]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
order by t.ord

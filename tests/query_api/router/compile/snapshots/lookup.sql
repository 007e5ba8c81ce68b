-- sql: figures of the named ETFs
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
),
hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select t.ord, e.ticker, e.name, e.total_fee_pct as fee, p.close_price as close, hc.holding_count as holding_count, (select d from pd) as price_date, (select d from hd) as holdings_date
from unnest(array[%(p1)s::text]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
left join lateral (select count(*) as holding_count from marts.fct_etf_holdings h where h.trade_date = (select d from hd) and h.etf_ticker = e.ticker and not h.is_cash) hc on true
order by t.ord

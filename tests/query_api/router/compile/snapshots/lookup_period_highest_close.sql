-- sql: figures of the named ETFs
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(p2)s::date, 'infinity'::date)
)
select t.ord, e.ticker, e.name, pp.period_max_close as highest_close, (select d from pd) as price_date, pp.period_start, pp.period_end
from unnest(array[%(p1)s::text]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
left join lateral (select max(x.high_price) as period_high, min(x.low_price) as period_low, max(x.close_price) as period_max_close, min(x.close_price) as period_min_close, min(x.trade_date) as period_start, max(x.trade_date) as period_end from marts.fct_etf_prices x where x.etf_ticker = e.ticker and x.trade_date between %(p3)s::date and (select d from pd)) pp on true
order by t.ord

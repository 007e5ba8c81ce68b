-- sql: figures of the named ETFs
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select t.ord, e.ticker, e.name, r.return_pct as return, r1.return_pct as return_pct_1m, r1.return_start as return_start_1m, r1.return_end as return_end_1m, r.return_start, r.return_end
from unnest(array[%(p1)s::text]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker
left join lateral (
    select s.trade_date as return_start, x.trade_date as return_end,
           round((x.close_price / nullif(s.close_price, 0) - 1) * 100, 2) as return_pct
    from marts.fct_etf_prices x
    join marts.fct_etf_prices s on s.etf_ticker = x.etf_ticker and s.trade_date = coalesce((select max(trade_date) from marts.fct_etf_prices where trade_date <= (select d from pd) - %(p2)s::interval), (select min(trade_date) from marts.fct_etf_prices))
    where x.etf_ticker = e.ticker and x.trade_date = (select d from pd)
) r on true
left join lateral (
    select s.trade_date as return_start, x.trade_date as return_end,
           round((x.close_price / nullif(s.close_price, 0) - 1) * 100, 2) as return_pct
    from marts.fct_etf_prices x
    join marts.fct_etf_prices s on s.etf_ticker = x.etf_ticker and s.trade_date = coalesce((select max(trade_date) from marts.fct_etf_prices where trade_date <= (select d from pd) - %(p3)s::interval), (select min(trade_date) from marts.fct_etf_prices))
    where x.etf_ticker = e.ticker and x.trade_date = (select d from pd)
) r1 on true
order by t.ord

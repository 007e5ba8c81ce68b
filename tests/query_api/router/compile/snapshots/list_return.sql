-- sql: ETFs of the set, sorted and limited
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select e.ticker, e.name, r.return_pct as return, p.market_cap_krw as market_cap, (select d from pd) as price_date, r.return_start, r.return_end, count(*) over () as total_count
from marts.dim_etf e
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
left join lateral (
    select s.trade_date as return_start, x.trade_date as return_end,
           round((x.close_price / nullif(s.close_price, 0) - 1) * 100, 2) as return_pct
    from marts.fct_etf_prices x
    join marts.fct_etf_prices s on s.etf_ticker = x.etf_ticker and s.trade_date = (select min(trade_date) from marts.fct_etf_prices)
    where x.etf_ticker = e.ticker and x.trade_date = (select d from pd)
) r on true
where e.is_listed
  and e.leverage_factor > 1
order by r.return_pct desc nulls last, p.market_cap_krw desc nulls last, e.ticker
limit %(p1)s::int

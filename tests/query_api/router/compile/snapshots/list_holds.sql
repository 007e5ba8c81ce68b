-- sql: ETFs of the set, sorted and limited
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
),
hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select e.ticker, e.name, p.market_cap_krw as market_cap, (select d from pd) as price_date, (select d from hd) as holdings_date, hw.held_weight, count(*) over () as total_count
from marts.dim_etf e
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
left join lateral (select sum(hw.weight_pct) as held_weight from marts.fct_etf_holdings hw where hw.trade_date = (select d from hd) and hw.etf_ticker = e.ticker and hw.instrument_code = any(array[%(p3)s::text])) hw on true
where exists (select 1 from marts.fct_etf_holdings h where h.trade_date = (select d from hd) and h.etf_ticker = e.ticker and h.instrument_code = %(p1)s::text and h.weight_pct > %(p2)s::numeric)
order by hw.held_weight desc nulls last, p.market_cap_krw desc nulls last, e.ticker
limit %(p4)s::int

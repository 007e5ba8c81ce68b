-- sql: facts of the named stocks
with hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select t.ord, s.code, s.name, s.instrument_type, s.market, s.sector, s.listing_date, (select h.instrument_name from marts.fct_etf_holdings h where h.instrument_code = s.code order by h.trade_date desc limit 1) as held_as, (select d from hd) as holdings_date, (select count(*) from marts.fct_etf_holdings h where h.instrument_code = s.code and h.trade_date = (select d from hd)) as holder_count, (select max(h.weight_pct) from marts.fct_etf_holdings h where h.instrument_code = s.code and h.trade_date = (select d from hd)) as max_weight
from unnest(array[%(p1)s::text]) with ordinality as t(code, ord)
join marts.dim_stock s on s.code = t.code
order by t.ord

-- sql: ETFs of the set to look at
with pd as (
select max(trade_date) as d from marts.fct_etf_prices where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
),
hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select e.ticker, e.name, e.total_fee_pct as fee, p.market_cap_krw as market_cap, (select d from pd) as price_date, (select d from hd) as holdings_date, count(*) over () as total_count
from marts.dim_etf e
left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = (select d from pd)
where exists (select 1 from marts.fct_etf_holdings h where h.trade_date = (select d from hd) and h.etf_ticker = e.ticker and h.instrument_code = %(p1)s::text)
order by e.total_fee_pct asc nulls last, p.market_cap_krw desc nulls last, e.ticker
limit %(p2)s::int

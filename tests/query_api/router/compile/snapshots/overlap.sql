-- sql: common holdings of the two ETFs
with ha as (
select instrument_code, instrument_name, weight_pct, trade_date from marts.fct_etf_holdings
where etf_ticker = %(p1)s::text and not is_cash and trade_date = (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = %(p1)s::text and trade_date <= coalesce(%(as_of)s::date, 'infinity'::date))
),
hb as (
select instrument_code, weight_pct from marts.fct_etf_holdings
where etf_ticker = %(p2)s::text and not is_cash and trade_date = (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = %(p2)s::text and trade_date <= coalesce(%(as_of)s::date, 'infinity'::date))
),
common as (
select ha.instrument_code, ha.instrument_name, ha.weight_pct as weight_a, hb.weight_pct as weight_b,
       least(ha.weight_pct, hb.weight_pct) as min_weight
from ha join hb using (instrument_code)
)
select ea.ticker as ticker_a, ea.name as name_a, eb.ticker as ticker_b, eb.name as name_b,
       (select max(trade_date) from ha) as holdings_date,
       (select round(coalesce(sum(min_weight), 0), 2) from common) as overlap_pct,
       (select count(*) from common) as common_count,
       (select count(*) from ha) as count_a, (select count(*) from hb) as count_b,
       c.instrument_code as code, c.instrument_name as stock_name, c.weight_a, c.weight_b
from marts.dim_etf ea
join marts.dim_etf eb on eb.ticker = %(p2)s::text
left join lateral (select * from common order by min_weight desc nulls last limit 5) c on true
where ea.ticker = %(p1)s::text

-- Overlap of two ETFs on their latest holdings dates on/before as_of: Σ min(weight) over common instruments,
-- the number in common, and the biggest common holdings.
with a as (
    select instrument_code, instrument_name, weight_pct from marts.fct_etf_holdings
    where etf_ticker = %(a)s and not is_cash
      and trade_date = (select max(trade_date) from marts.fct_etf_holdings
                        where etf_ticker = %(a)s and (%(as_of)s::date is null or trade_date <= %(as_of)s::date))
), b as (
    select instrument_code, weight_pct from marts.fct_etf_holdings
    where etf_ticker = %(b)s and not is_cash
      and trade_date = (select max(trade_date) from marts.fct_etf_holdings
                        where etf_ticker = %(b)s and (%(as_of)s::date is null or trade_date <= %(as_of)s::date))
), common as (
    select a.instrument_code, a.instrument_name, a.weight_pct as weight_a, b.weight_pct as weight_b,
           least(a.weight_pct, b.weight_pct) as min_weight
    from a join b using (instrument_code)
)
select %(a)s::text as ticker_a, %(b)s::text as ticker_b,
       (select round(coalesce(sum(min_weight), 0), 2) from common) as overlap_pct,
       (select count(*) from common) as common_count,
       (select count(*) from a) as count_a, (select count(*) from b) as count_b,
       c.instrument_code, c.instrument_name, c.weight_a, c.weight_b
from (select 1) one
left join lateral (select * from common order by min_weight desc nulls last limit 5) c on true

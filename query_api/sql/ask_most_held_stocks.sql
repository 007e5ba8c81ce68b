-- Instruments held by the most ETFs on the latest holdings date on/before as_of (cash lines excluded).
-- (trade_date, etf_ticker, instrument_code) is the key: on one date, count(*) per instrument counts distinct ETFs
-- (and hashes instead of sorting 30,000 rows).
with d as (
    select max(trade_date) as trade_date from marts.fct_etf_holdings
    where %(as_of)s::date is null or trade_date <= %(as_of)s::date
)
select h.instrument_code, max(h.instrument_name) as instrument_name, count(*) as etf_count,
       round(avg(h.weight_pct), 2) as avg_weight_pct, sum(h.value_krw) as total_value_krw, d.trade_date
from marts.fct_etf_holdings h
join d on h.trade_date = d.trade_date
where not h.is_cash
group by h.instrument_code, d.trade_date
order by count(*) desc, sum(h.value_krw) desc nulls last
limit %(limit)s

-- ETFs holding every one of the given instruments on the latest holdings date on/before as_of, with each weight.
with d as (
    select max(trade_date) as trade_date from marts.fct_etf_holdings
    where %(as_of)s::date is null or trade_date <= %(as_of)s::date
)
select h.etf_ticker as ticker, e.name, e.issuer_name, h.trade_date,
       jsonb_object_agg(h.instrument_code, h.weight_pct) as weights, round(sum(h.weight_pct), 2) as weight_sum
from marts.fct_etf_holdings h
join d on h.trade_date = d.trade_date
join marts.dim_etf e on e.ticker = h.etf_ticker
where h.instrument_code = any(%(codes)s::text[])
  and (%(tickers)s::text[] is null or h.etf_ticker = any(%(tickers)s::text[]))
group by h.etf_ticker, e.name, e.issuer_name, h.trade_date
having count(distinct h.instrument_code) = cardinality(%(codes)s::text[])
order by sum(h.weight_pct) desc nulls last
limit %(limit)s

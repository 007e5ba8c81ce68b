-- ETFs holding an instrument on the latest holdings date on/before as_of, by weight (SQL twin of the graph's HOLDS).
with d as (
    select max(trade_date) as trade_date from marts.fct_etf_holdings
    where %(as_of)s::date is null or trade_date <= %(as_of)s::date
)
select h.etf_ticker as ticker, e.name, e.issuer_name, h.trade_date, h.instrument_code, h.instrument_name,
       h.weight_pct, h.shares, h.value_krw, count(*) over () as holder_count
from marts.fct_etf_holdings h
join d on h.trade_date = d.trade_date
join marts.dim_etf e on e.ticker = h.etf_ticker
where h.instrument_code = %(code)s
order by h.weight_pct desc nulls last, h.etf_ticker
limit %(limit)s

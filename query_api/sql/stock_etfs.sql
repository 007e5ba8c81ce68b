-- ETFs holding one instrument on the latest holdings date on or before %(date)s, by weight.
with d as (
    select max(trade_date) as trade_date
    from marts.fct_etf_holdings
    where instrument_code = %(code)s and (%(date)s::date is null or trade_date <= %(date)s::date)
)
select h.trade_date, h.etf_ticker as ticker, e.name, e.issuer_name as issuer, h.weight_pct, h.shares, h.value_krw
from marts.fct_etf_holdings h
join d on h.trade_date = d.trade_date
left join marts.dim_etf e on e.ticker = h.etf_ticker
where h.instrument_code = %(code)s
order by h.weight_pct desc nulls last, h.etf_ticker
limit %(limit)s

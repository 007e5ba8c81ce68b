-- Holdings of one ETF on its latest holdings date on or before %(date)s (the latest date when it is null).
with d as (
    select max(trade_date) as trade_date
    from marts.fct_etf_holdings
    where etf_ticker = %(ticker)s and (%(date)s::date is null or trade_date <= %(date)s::date)
)
select h.trade_date, h.instrument_code, h.instrument_name, h.weight_pct, h.shares, h.value_krw, h.is_cash,
       s.instrument_type, s.sector
from marts.fct_etf_holdings h
join d on h.trade_date = d.trade_date
left join marts.dim_stock s on s.code = h.instrument_code
where h.etf_ticker = %(ticker)s
order by h.weight_pct desc nulls last, h.value_krw desc nulls last, h.instrument_code
limit %(limit)s

-- One instrument in one ETF on every holdings date of the ETF: its shares, value and weight (NULL when not held).
with dates as (
    select distinct trade_date from marts.fct_etf_holdings
    where etf_ticker = %(ticker)s
      and (%(from)s::date is null or trade_date >= %(from)s::date)
      and (%(to)s::date is null or trade_date <= %(to)s::date)
)
select d.trade_date as date, h.instrument_code is not null as held, h.instrument_name,
       h.shares, h.value_krw, h.weight_pct
from dates d
left join marts.fct_etf_holdings h
  on h.etf_ticker = %(ticker)s and h.trade_date = d.trade_date and h.instrument_code = %(code)s
order by d.trade_date
limit %(limit)s

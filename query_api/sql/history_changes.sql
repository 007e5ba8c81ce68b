-- What one ETF added, removed, increased and decreased, per holdings date, newest first.
select c.trade_date as date, c.prev_date, c.instrument_code, c.instrument_name, c.change_kind,
       c.shares_prev, c.shares_curr, c.shares_delta, c.weight_prev, c.weight_curr, c.weight_delta
from marts.fct_holding_changes c
where c.etf_ticker = %(ticker)s
  and (%(from)s::date is null or c.trade_date >= %(from)s::date)
  and (%(to)s::date is null or c.trade_date <= %(to)s::date)
  and (%(kind)s::text is null or c.change_kind = %(kind)s::text)
order by c.trade_date desc, abs(c.weight_delta) desc nulls last, c.instrument_code
limit %(limit)s

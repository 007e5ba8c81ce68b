-- What active ETFs (optionally of one issuer or one ETF) bought and sold between two dates.
select c.trade_date, c.prev_date, c.etf_ticker, e.name as etf_name, e.issuer_name as issuer,
       c.instrument_code, c.instrument_name, c.change_kind,
       c.shares_prev, c.shares_curr, c.shares_delta, c.weight_prev, c.weight_curr, c.weight_delta
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
where c.trade_date >= %(since)s::date
  and c.trade_date <= %(until)s::date
  and (%(issuer)s::text is null or e.issuer_id = %(issuer)s::text)
  and (%(ticker)s::text is null or c.etf_ticker = %(ticker)s::text)
  and (not %(active_only)s::boolean or e.is_active)
order by c.trade_date desc, abs(c.weight_delta) desc nulls last, c.etf_ticker, c.instrument_code
limit %(limit)s

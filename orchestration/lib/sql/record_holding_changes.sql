-- Holding changes of one trade date beyond the threshold, recorded once per (date, ETF, instrument).
insert into events.holding_changes (
    trade_date, prev_date, etf_ticker, instrument_code, instrument_name, kind,
    weight_prev, weight_curr, weight_delta, shares_prev, shares_curr, shares_delta
)
select
    trade_date, prev_date, etf_ticker, instrument_code, instrument_name, change_kind,
    weight_prev, weight_curr, weight_delta, shares_prev, shares_curr, shares_delta
from marts.fct_holding_changes
where trade_date = %(trade_date)s
  and (change_kind in ('added', 'removed') or abs(coalesce(weight_delta, 0)) >= %(threshold_pct)s)
on conflict (trade_date, etf_ticker, instrument_code) do nothing

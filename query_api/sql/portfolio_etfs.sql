-- The ETFs of a portfolio on a date (NULL: the latest): holdings date (latest on or before), the quote that values
-- positions given in units (latest on or before), and the NAV of the holdings date or the nearest earlier quote
-- (with cu_qty: the ETF's net value per creation unit, the denominator of the look-through).
select e.ticker, e.name, e.cu_qty, e.leverage_factor, e.tracking_multiple,
       hd.holdings_date,
       v.trade_date as price_date, v.close_price,
       n.trade_date as nav_date, n.nav
from marts.dim_etf e
left join lateral (
    select max(h.trade_date) as holdings_date from marts.fct_etf_holdings h
    where h.etf_ticker = e.ticker and (%(date)s::date is null or h.trade_date <= %(date)s::date)
) hd on true
left join lateral (
    select fp.trade_date, fp.close_price from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker and fp.close_price > 0
      and (%(date)s::date is null or fp.trade_date <= %(date)s::date)
    order by fp.trade_date desc limit 1
) v on true
left join lateral (
    select fp.trade_date, fp.nav from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker and fp.nav > 0 and fp.trade_date <= hd.holdings_date
    order by fp.trade_date desc limit 1
) n on true
where e.ticker = any(%(tickers)s)

-- One ETF's daily quotes between two dates (either may be NULL), with premium/discount and returns of the day.
select p.trade_date as date, p.open_price, p.high_price, p.low_price, p.close_price, p.nav,
       p.change_price, p.change_pct, p.volume, p.traded_value_krw, p.market_cap_krw, p.listed_units,
       r.premium_discount_pct, r.return_1w, r.return_1m, r.return_3m, r.return_since_first, r.first_date
from marts.fct_etf_prices p
left join marts.mart_etf_returns r on r.etf_ticker = p.etf_ticker and r.trade_date = p.trade_date
where p.etf_ticker = %(ticker)s
  and (%(from)s::date is null or p.trade_date >= %(from)s::date)
  and (%(to)s::date is null or p.trade_date <= %(to)s::date)
order by p.trade_date
limit %(limit)s

-- The ETFs of a portfolio with their latest close (to value positions given in units) and holdings date.
select e.ticker, e.name,
       p.trade_date as price_date, p.close_price,
       (select max(trade_date) from marts.fct_etf_holdings h
         where h.etf_ticker = e.ticker and (%(date)s::date is null or h.trade_date <= %(date)s::date)) as holdings_date
from marts.dim_etf e
left join lateral (
    select trade_date, close_price from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker order by trade_date desc limit 1
) p on true
where e.ticker = any(%(tickers)s)

-- One ETF's name and the dates its quotes and holdings cover (404 when it is not in the data).
select e.ticker, e.name,
       (select min(trade_date) from marts.fct_etf_prices p where p.etf_ticker = e.ticker) as first_price_date,
       (select max(trade_date) from marts.fct_etf_prices p where p.etf_ticker = e.ticker) as last_price_date,
       (select min(trade_date) from marts.fct_etf_holdings h where h.etf_ticker = e.ticker) as first_holdings_date,
       (select max(trade_date) from marts.fct_etf_holdings h where h.etf_ticker = e.ticker) as last_holdings_date
from marts.dim_etf e
where e.ticker = %(ticker)s

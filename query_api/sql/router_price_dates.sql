-- Parser dictionary: every date with ETF prices (resolves '10월', '어제' and periods outside the data).
select distinct trade_date from marts.fct_etf_prices

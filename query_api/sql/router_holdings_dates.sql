-- Parser dictionary: every date with ETF holdings.
select distinct trade_date from marts.fct_etf_holdings

-- The date the graph represents: the latest holdings date in the marts.
select max(trade_date) as as_of from marts.fct_etf_holdings

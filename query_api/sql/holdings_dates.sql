-- The range of holdings dates and the latest price date (for defaults and messages).
select (select min(trade_date) from marts.fct_etf_holdings) as first_holdings_date,
       (select max(trade_date) from marts.fct_etf_holdings) as latest_holdings_date,
       (select max(trade_date) from marts.fct_etf_prices) as latest_price_date,
       (select max(master_as_of) from marts.dim_etf) as master_as_of

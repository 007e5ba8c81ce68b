-- The first holdings and price dates of the loaded data: evaluation questions marked `full_history` need the dev
-- database's full window and are skipped where the data starts later (the test database).
select (select min(trade_date) from marts.fct_etf_holdings) as first_holdings_date,
       (select min(trade_date) from marts.fct_etf_prices) as first_price_date

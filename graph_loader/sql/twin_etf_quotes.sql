-- SQL twin of cypher/etf_quotes.cypher: the ETFs' quotes of the graph's date (same day only).
select e.ticker, p.close_price, p.nav, p.market_cap_krw, p.trade_date::text
from marts.dim_etf as e
join marts.fct_etf_prices as p on p.etf_ticker = e.ticker
where p.trade_date = %(as_of)s

MATCH (e:ETF)
WHERE e.price_date IS NOT NULL
RETURN e.ticker, e.close, e.nav, e.market_cap, e.price_date
ORDER BY e.ticker

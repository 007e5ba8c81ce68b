MATCH (e:ETF)
WHERE e.price_date IS NOT NULL
RETURN count(e)

MATCH (e:ETF)-[h:HOLDS]->(s:Stock {code: $code})
RETURN e.ticker, h.weight
ORDER BY h.weight DESC, e.ticker

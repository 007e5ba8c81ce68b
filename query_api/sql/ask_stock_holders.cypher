MATCH (e:ETF)-[h:HOLDS]->(s:Stock {code: $code})
RETURN e.ticker AS ticker, e.name AS name, h.weight AS weight, h.as_of AS as_of
ORDER BY h.weight DESC

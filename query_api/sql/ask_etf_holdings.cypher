MATCH (e:ETF {ticker: $ticker})-[h:HOLDS]->(s:Stock)
RETURN s.code AS code, s.name AS name, h.weight AS weight, h.as_of AS as_of
ORDER BY h.weight DESC

MATCH (e:ETF {ticker: $ticker})-[h:HOLDS]->(s:Stock)-[:IN_SECTOR]->(x:Sector)
WHERE s.code IN $codes
RETURN s.code AS code, s.name AS name, x.name AS sector, h.weight AS weight
ORDER BY h.weight DESC

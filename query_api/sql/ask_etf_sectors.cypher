MATCH (e:ETF {ticker: $ticker})-[h:HOLDS]->(s:Stock)-[:IN_SECTOR]->(x:Sector)
WITH x.name AS sector, sum(h.weight) AS weight, count(s) AS holdings
RETURN sector, weight, holdings
ORDER BY weight DESC

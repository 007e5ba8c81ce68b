MATCH (a:ETF {ticker: $a})-[ha:HOLDS]->(s:Stock)<-[hb:HOLDS]-(b:ETF {ticker: $b})
RETURN s.code AS code, s.name AS name, ha.weight AS weight_a, hb.weight AS weight_b
ORDER BY ha.weight DESC

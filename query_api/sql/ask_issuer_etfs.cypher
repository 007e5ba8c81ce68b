MATCH (e:ETF)-[:MANAGED_BY]->(i:Issuer {issuer_id: $issuer})
RETURN e.ticker AS ticker, e.name AS name
ORDER BY e.ticker

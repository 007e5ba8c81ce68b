MATCH (e:ETF)-[:MANAGED_BY]->(i:Issuer {issuer_id: $issuer_id})
RETURN e.ticker
ORDER BY e.ticker

MATCH (e:ETF)-[:TRACKS]->(x:Index {index_id: $index})
RETURN e.ticker AS ticker, e.name AS name
ORDER BY e.ticker

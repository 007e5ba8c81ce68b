MATCH (e:ETF)-[:TAGGED]->(t:Tag {tag: $tag})
RETURN e.ticker AS ticker, e.name AS name
ORDER BY e.ticker

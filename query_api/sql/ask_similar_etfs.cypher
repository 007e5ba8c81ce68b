MATCH (e:ETF {ticker: $ticker})-[r:SIMILAR_TO]->(o:ETF)
RETURN o.ticker AS ticker, o.name AS name, r.overlap AS overlap, r.rank AS rank
ORDER BY r.rank

MATCH (e:ETF {ticker: $ticker})-[r:SIMILAR_TO]->(o:ETF)
RETURN o.ticker, r.overlap, r.rank
ORDER BY r.rank, o.ticker

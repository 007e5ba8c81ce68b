-- Overlap figures of similar ETFs (SQL twin of the graph's SIMILAR_TO), for the given pairs.
select o.etf_ticker, o.other_ticker as ticker, e.name, e.issuer_name, e.total_fee_pct, o.overlap_pct,
       o.common_count, o.rank, o.as_of
from marts.mart_etf_overlap o
join marts.dim_etf e on e.ticker = o.other_ticker
where o.etf_ticker = %(ticker)s and (%(tickers)s::text[] is null or o.other_ticker = any(%(tickers)s::text[]))
order by o.rank
limit %(limit)s

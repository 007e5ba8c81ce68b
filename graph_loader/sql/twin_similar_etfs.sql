-- SQL twin of cypher/similar_etfs.cypher.
select o.other_ticker, o.overlap_pct, o.rank
from marts.mart_etf_overlap as o
join marts.dim_etf as e on e.ticker = o.other_ticker
where o.as_of = %(as_of)s and o.etf_ticker = %(ticker)s

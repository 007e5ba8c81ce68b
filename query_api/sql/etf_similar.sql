-- ETFs most similar to one ETF by holdings overlap (Σ min(weight) over common instruments).
select o.as_of, o.other_ticker as ticker, e.name, e.issuer_name as issuer, o.overlap_pct, o.common_count, o.rank
from marts.mart_etf_overlap o
join marts.dim_etf e on e.ticker = o.other_ticker
where o.etf_ticker = %(ticker)s
order by o.rank
limit %(limit)s

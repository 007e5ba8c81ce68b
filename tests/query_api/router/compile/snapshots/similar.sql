-- sql: ETFs most similar by holdings overlap
select o.other_ticker as ticker, e.name, o.overlap_pct as overlap, o.common_count, o.rank,
       o.as_of, o.etf_ticker as base_ticker, base.name as base_name
from marts.mart_etf_overlap o
join marts.dim_etf e on e.ticker = o.other_ticker
join marts.dim_etf base on base.ticker = o.etf_ticker
where o.etf_ticker = %(p1)s::text
order by o.rank
limit %(p2)s::int

-- The ETF for the similar-ETFs check: the preferred ticker if it has overlap rows, else the one with the most.
select o.etf_ticker
from marts.mart_etf_overlap as o
join marts.dim_etf as e on e.ticker = o.etf_ticker
where o.as_of = %(as_of)s
group by o.etf_ticker
order by (o.etf_ticker = %(preferred)s) desc, count(*) desc, o.etf_ticker
limit 1

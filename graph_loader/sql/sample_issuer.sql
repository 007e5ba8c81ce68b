-- The issuer for the managed-by check: the preferred one if it has ETFs, else the one with the most ETFs.
select e.issuer_id
from marts.dim_etf as e
join marts.dim_issuer as i on i.issuer_id = e.issuer_id
group by e.issuer_id
order by (e.issuer_id = %(preferred)s) desc, count(*) desc, e.issuer_id
limit 1

-- sql: avg of fee per issuer
select e.issuer_id as grp, round(avg(e.total_fee_pct), 4) as value, count(*) as etf_count, count(*) over () as group_count
from marts.dim_etf e

where e.is_listed
group by 1
having count(*) >= %(p1)s::numeric
order by 2 desc nulls last, 1
limit %(p2)s::int

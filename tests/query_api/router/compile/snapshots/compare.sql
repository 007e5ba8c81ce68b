-- sql: an aggregate per named group
select 1 as grp, round(avg(e.total_fee_pct), 4) as value, count(*) as etf_count
from marts.dim_etf e

where e.is_listed
  and e.issuer_id = %(p1)s::text
union all
select 2 as grp, round(avg(e.total_fee_pct), 4) as value, count(*) as etf_count
from marts.dim_etf e

where e.is_listed
  and e.issuer_id = %(p2)s::text
order by grp

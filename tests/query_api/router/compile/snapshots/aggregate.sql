-- sql: count of ETFs
select count(*) as value, count(*) as etf_count
from marts.dim_etf e

where e.is_listed
  and e.listing_date >= %(p1)s::date and e.listing_date <= %(p2)s::date

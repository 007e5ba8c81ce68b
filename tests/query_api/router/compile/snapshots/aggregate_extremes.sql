-- sql: min of fee
select min(e.total_fee_pct) as value, max(e.total_fee_pct) as value_max, count(*) as etf_count
from marts.dim_etf e

where e.is_listed
  and e.leverage_factor > 1

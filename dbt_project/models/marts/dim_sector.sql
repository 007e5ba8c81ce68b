-- KIND industries (업종) with the number of instruments in dim_stock classified under each.
with stocks as (
    select * from {{ ref('dim_stock') }}
)

select
    sector as sector_id,
    sector as name,
    count(*)::integer as stock_count
from stocks
where sector is not null
group by sector

-- Underlying indices (KRX ETF_OBJ_IDX_NM) with their provider and how many listed ETFs track them.
with etfs as (
    select * from {{ ref('dim_etf') }}
)

select
    index_id,
    min(index_name) as name,
    mode() within group (order by index_provider) as provider,
    count(*) filter (where is_listed)::integer as etf_count
from etfs
where index_id is not null
group by index_id

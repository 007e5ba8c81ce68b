-- Asset managers (KRX COM_ABBRV) with the brands of their ETFs and how many of them are listed.
with etfs as (
    select * from {{ ref('dim_etf') }}
)

select
    issuer_id,
    min(issuer_name) as name,
    array_agg(distinct brand order by brand) filter (where brand is not null) as brands,
    count(*) filter (where is_listed)::integer as etf_count
from etfs
where issuer_id is not null
group by issuer_id

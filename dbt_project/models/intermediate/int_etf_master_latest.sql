-- One row per ETF ISIN from the most recent master snapshot that lists it (names change between snapshots).
with master as (
    select * from {{ ref('stg_krx__etf_master') }}
),

latest_snapshot as (
    select max(as_of_date) as as_of_date from master
),

ranked as (
    select
        master.*,
        row_number() over (partition by master.isin order by master.as_of_date desc) as recency
    from master
)

select
    ranked.as_of_date,
    ranked.isin,
    ranked.ticker,
    ranked.name,
    ranked.full_name,
    ranked.english_name,
    ranked.listing_date,
    ranked.index_name,
    ranked.index_provider,
    ranked.tracking_multiple,
    ranked.replication_method,
    ranked.market_class,
    ranked.asset_class,
    ranked.listed_units,
    ranked.issuer_name,
    ranked.cu_qty,
    ranked.total_fee_pct,
    ranked.tax_type,
    ranked.as_of_date = latest_snapshot.as_of_date as is_listed
from ranked
cross join latest_snapshot
where ranked.recency = 1

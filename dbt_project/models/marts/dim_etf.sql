-- One row per ETF ticker ever seen. Attributes come from the latest master snapshot that lists the ETF;
-- ETFs known only from prices or holdings (delisted before the masters were taken) keep what those sources
-- tell: ticker, ISIN, last known name, and leverage/inverse read from the name.
with universe as (
    select * from {{ ref('int_etf_universe') }}
),

master as (
    select * from {{ ref('int_etf_master_latest') }}
),

fees as (
    select * from {{ ref('int_etf_fee_matches') }}
),

brand_aliases as (
    select * from {{ ref('brand_aliases') }}
),

base as (
    select
        universe.ticker,
        universe.isin,
        universe.name,
        master.full_name,
        master.english_name,
        split_part(universe.name, ' ', 1) as brand,
        master.issuer_name,
        master.index_name,
        master.index_provider,
        master.tracking_multiple,
        master.replication_method,
        master.market_class,
        master.asset_class,
        master.total_fee_pct,
        master.listing_date,
        master.cu_qty,
        coalesce(master.listed_units, universe.last_price_listed_units) as listed_units,
        master.tax_type,
        universe.is_listed,
        master.as_of_date as master_as_of
    from universe
    left join master on master.ticker = universe.ticker
),

-- Issuer of a brand, where the masters show exactly one; former brands (KBSTAR -> RISE) resolve through the seed.
brand_issuers as (
    select brand, min(issuer_name) as issuer_name
    from base
    where issuer_name is not null
    group by brand
    having count(distinct issuer_name) = 1
),

current_brands as (
    select alias as brand, min(brand) as current_brand
    from brand_aliases
    where kind = 'former_brand'
    group by alias
),

leverage as (
    select
        ticker,
        case
            -- Master text: '일반', '2X 레버리지', '1X 인버스', '2X 인버스' (any multiple NX).
            when tracking_multiple is not null then
                coalesce(substring(tracking_multiple from '([0-9]+(?:\.[0-9]+)?)\s*X')::numeric, 1)
                * case when tracking_multiple like '%인버스%' then -1 else 1 end
            -- Name fallback for ETFs without a master row.
            when name ~ '인버스\s*2X|2X\s*인버스' then -2
            when name ~ '인버스' then -1
            when name ~ '레버리지' then 2
            when name is not null then 1
        end as leverage_factor
    from base
)

select
    base.ticker,
    base.isin,
    base.name,
    base.full_name,
    base.english_name,
    base.brand,
    coalesce(base.issuer_name, brand_issuers.issuer_name, former_brand_issuers.issuer_name) as issuer_id,
    coalesce(base.issuer_name, brand_issuers.issuer_name, former_brand_issuers.issuer_name) as issuer_name,
    base.index_name as index_id,
    base.index_name,
    base.index_provider,
    base.tracking_multiple,
    leverage.leverage_factor,
    abs(leverage.leverage_factor) > 1 as is_leveraged,
    leverage.leverage_factor < 0 as is_inverse,
    split_part(base.replication_method, '(', 1) as replication,
    coalesce(base.replication_method like '%액티브%', base.name like '%액티브%') as is_active,
    base.asset_class,
    base.market_class as market,
    base.total_fee_pct,
    fees.ter_pct,
    base.listing_date,
    base.cu_qty,
    base.listed_units,
    base.tax_type,
    base.is_listed,
    base.master_as_of
from base
left join leverage on leverage.ticker = base.ticker
left join fees on fees.ticker = base.ticker
left join brand_issuers on brand_issuers.brand = base.brand
left join current_brands on current_brands.brand = base.brand
left join brand_issuers as former_brand_issuers on former_brand_issuers.brand = current_brands.current_brand

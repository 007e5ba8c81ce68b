-- KOFIA TER per ETF, matched by fund name: KOFIA has no ticker or ETF ISIN, only the fund's full name, which
-- equals KRX's ISU_NM up to spacing and brackets. Tried in order: the strict key, then the loose key (case,
-- "(H)" marker, trailing 형) with a former brand in the KOFIA name replaced by the current one (KOFIA still says
-- TIMEFOLIO where KRX says TIME). A key counts only when it identifies exactly one fund on both sides.
with master as (
    select ticker, full_name from {{ ref('int_etf_master_latest') }}
),

fees as (
    select * from {{ ref('stg_krx__kofia_fees') }}
    where as_of_date = (select max(as_of_date) from {{ ref('stg_krx__kofia_fees') }})
),

former_brands as (
    select alias, brand from {{ ref('brand_aliases') }}
    where kind = 'former_brand' and alias ~ '^[A-Z]+$'
),

fees_current_brand as (
    select distinct on (fees.fund_code)
        fees.*,
        case
            when former_brands.alias is not null then replace(fees.fund_name, former_brands.alias, former_brands.brand)
            else fees.fund_name
        end as current_brand_name
    from fees
    left join former_brands on position(former_brands.alias in fees.fund_name) > 0
    order by fees.fund_code, length(former_brands.alias) desc nulls last
),

fee_keys as (
    select
        fund_code,
        ter_pct,
        as_of_date,
        {{ fund_name_key('fund_name') }} as strict_key,
        {{ fund_name_key_loose('current_brand_name') }} as loose_key
    from fees_current_brand
),

master_keys as (
    select
        ticker,
        {{ fund_name_key('full_name') }} as strict_key,
        {{ fund_name_key_loose('full_name') }} as loose_key
    from master
),

unique_strict as (
    select strict_key, min(fund_code) as fund_code
    from fee_keys
    group by strict_key
    having count(*) = 1
),

unique_loose as (
    select loose_key, min(fund_code) as fund_code
    from fee_keys
    group by loose_key
    having count(*) = 1
),

unique_master_loose as (
    select loose_key from master_keys group by loose_key having count(*) = 1
),

matched as (
    select
        master_keys.ticker,
        coalesce(unique_strict.fund_code, unique_loose.fund_code) as fund_code,
        case
            when unique_strict.fund_code is not null then 'name'
            when unique_loose.fund_code is not null then 'loose_name'
        end as match_method
    from master_keys
    left join unique_strict on unique_strict.strict_key = master_keys.strict_key
    left join unique_master_loose on unique_master_loose.loose_key = master_keys.loose_key
    left join unique_loose on unique_loose.loose_key = unique_master_loose.loose_key
)

select
    matched.ticker,
    matched.fund_code,
    matched.match_method,
    fee_keys.ter_pct,
    fee_keys.as_of_date as fee_as_of
from matched
inner join fee_keys on fee_keys.fund_code = matched.fund_code

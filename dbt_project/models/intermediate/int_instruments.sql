-- Every instrument code the marts can reference: the latest stock master, the latest KIND list and every
-- constituent code in the holdings (delisted stocks, ETFs, futures, swaps and cash lines included), typed and
-- named from the best source available (stock master, then KIND, then the latest holdings line).
with stock_master as (
    select * from {{ ref('stg_krx__stock_master') }}
    where as_of_date = (select max(as_of_date) from {{ ref('stg_krx__stock_master') }})
),

kind as (
    select * from {{ ref('stg_krx__kind_companies') }}
    where as_of_date = (select max(as_of_date) from {{ ref('stg_krx__kind_companies') }})
),

held as (
    select distinct on (instrument_code)
        instrument_code as code,
        instrument_name as name,
        instrument_isin as isin,
        last_held_on
    from {{ ref('int_holding_instruments') }}
    order by instrument_code, last_held_on desc, instrument_isin nulls last, instrument_name
),

etfs as (
    select ticker, isin, name, listing_date from {{ ref('int_etf_master_latest') }}
    union all
    select universe.ticker, universe.isin, universe.name, null::date
    from {{ ref('int_etf_universe') }} as universe
    where not universe.in_master
),

codes as (
    select code from stock_master
    union
    select code from kind
    union
    select code from held
),

joined as (
    select
        codes.code,
        coalesce(
            stock_master.isin,
            held.isin,
            etfs.isin,
            case when length(codes.code) = 12 and codes.code ~ '^[A-Z]{2}[A-Z0-9]{9}[0-9]$' then codes.code end
        ) as isin,
        coalesce(stock_master.name, kind.name, etfs.name, held.name) as name,
        held.name as held_name,
        etfs.ticker is not null as is_etf_ticker,
        case stock_master.market_name
            when 'KOSDAQ GLOBAL' then 'KOSDAQ'
            else coalesce(stock_master.market_name, kind.market_name)
        end as market,
        nullif(trim(kind.industry), '') as sector,
        coalesce(stock_master.listing_date, kind.listing_date, etfs.listing_date) as listing_date,
        stock_master.code is not null as in_stock_master
    from codes
    left join stock_master on stock_master.code = codes.code
    left join kind on kind.code = codes.code
    left join held on held.code = codes.code
    left join etfs on etfs.ticker = codes.code
)

select
    code,
    isin,
    name,
    {{ instrument_type('code', 'coalesce(held_name, name)', 'is_etf_ticker') }} as instrument_type,
    case when market in ('KOSPI', 'KOSDAQ', 'KONEX') then market end as market,
    sector,
    listing_date,
    in_stock_master
from joined

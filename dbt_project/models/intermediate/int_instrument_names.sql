-- Every name an instrument code carried: stock master (short, full, English), KIND, and holdings lines
-- (which keep names as KRX printed them that day, e.g. before a rename).
with stock_master as (
    select * from {{ ref('stg_krx__stock_master') }}
    where as_of_date = (select max(as_of_date) from {{ ref('stg_krx__stock_master') }})
),

names as (
    select code, name from stock_master
    union all
    select code, full_name from stock_master
    union all
    select code, english_name from stock_master
    union all
    select code, name from {{ ref('stg_krx__kind_companies') }}
    union all
    select instrument_code, instrument_name from {{ ref('int_holding_instruments') }}
)

select distinct code, trim(name) as name
from names
where code is not null and trim(name) <> ''

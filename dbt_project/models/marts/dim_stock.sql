-- Every instrument an ETF holds or the stock master lists, keyed by the code as it appears in holdings.
select
    code,
    isin,
    name,
    instrument_type,
    market,
    sector,
    listing_date
from {{ ref('int_instruments') }}

{{ config(materialized='table') }}
-- Each (constituent code, name, ISIN) seen in the holdings with the dates it was seen: one pass over the raw lines
-- that the dimension models share instead of each scanning millions of rows.
select
    instrument_code,
    instrument_name,
    instrument_isin,
    min(trade_date) as first_held_on,
    max(trade_date) as last_held_on
from {{ ref('stg_krx__etf_holdings') }}
where instrument_code is not null
group by instrument_code, instrument_name, instrument_isin

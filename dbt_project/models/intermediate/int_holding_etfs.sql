{{ config(materialized='table') }}
-- Each ETF ISIN the holdings cover, with its first and last holdings date (one pass over the raw lines).
select
    etf_isin,
    min(trade_date) as first_holdings_date,
    max(trade_date) as last_holdings_date
from {{ ref('stg_krx__etf_holdings') }}
group by etf_isin

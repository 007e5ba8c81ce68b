-- Every raw holdings line lands in fct_etf_holdings: per date and ETF, the fact has one row per distinct
-- constituent code of the raw response (duplicate lines of one code are summed into one row, nothing dropped).
{{ config(severity='error') }}
with raw_counts as (
    select trade_date, etf_isin, count(distinct instrument_code) as codes
    from {{ ref('stg_krx__etf_holdings') }}
    where true {{ date_window_filter('trade_date') }}
    group by trade_date, etf_isin
),

fact_counts as (
    select trade_date, etf_isin, count(*) as rows
    from {{ ref('fct_etf_holdings') }}
    where true {{ date_window_filter('trade_date') }}
    group by trade_date, etf_isin
)

select coalesce(raw_counts.trade_date, fact_counts.trade_date) as trade_date,
    coalesce(raw_counts.etf_isin, fact_counts.etf_isin) as etf_isin,
    raw_counts.codes, fact_counts.rows
from raw_counts
full outer join fact_counts on fact_counts.trade_date = raw_counts.trade_date and fact_counts.etf_isin = raw_counts.etf_isin
where raw_counts.codes is distinct from fact_counts.rows

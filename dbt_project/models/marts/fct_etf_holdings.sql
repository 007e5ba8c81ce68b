{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='trade_date',
        on_schema_change='append_new_columns',
        indexes=[
            {'columns': ['instrument_code', 'trade_date']},
            {'columns': ['etf_ticker', 'trade_date']},
        ],
    )
}}
-- ETF constituents per creation unit and trade date. Incremental by trade date: a run with vars start_date /
-- end_date replaces exactly the dates in that window (delete+insert keyed on trade_date); without them, every date.

with holdings as (
    select * from {{ ref('stg_krx__etf_holdings') }}
    where true {{ date_window_filter('trade_date') }}
),

lines as (
    select
        trade_date,
        -- An ETF ISIN is 'KR7' + ticker + '00' + check digit; anything else stays NULL and fails not_null.
        case when etf_isin ~ '^KR7[0-9A-Z]{6}00[0-9]$' then substr(etf_isin, 4, 6) end as etf_ticker,
        etf_isin,
        instrument_code,
        instrument_name,
        line_no,
        shares_per_cu,
        -- KRX leaves 평가금액 empty for cash and ETF-held-short lines and reports their amount as COMPST_AMT.
        coalesce(valuation_krw, market_value_krw) as value_krw,
        weight_pct,
        instrument_code in ('KRD010010001', 'CASH00000001')
            or instrument_name in ('원화현금', '원화예금', '설정현금액', '현금') as is_cash
    from holdings
),

-- A constituent listed on several lines of one response is one holding: quantities, values and weights add up.
aggregated as (
    select
        trade_date,
        etf_ticker,
        etf_isin,
        instrument_code,
        (array_agg(instrument_name order by line_no))[1] as instrument_name,
        sum(shares_per_cu) as shares,
        sum(value_krw) as value_krw,
        sum(weight_pct) as weight_pct,
        bool_or(is_cash) as is_cash
    from lines
    group by trade_date, etf_ticker, etf_isin, instrument_code
)

select
    trade_date,
    etf_ticker,
    etf_isin,
    instrument_code,
    instrument_name,
    shares,
    value_krw,
    weight_pct,
    is_cash
from aggregated

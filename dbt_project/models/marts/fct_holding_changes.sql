{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='trade_date',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_date_window('trade_date') }}",
        indexes=[
            {'columns': ['etf_ticker', 'trade_date']},
            {'columns': ['instrument_code', 'trade_date']},
            {'columns': ['trade_date']},
        ],
    )
}}
-- What changed in each ETF's holdings versus that ETF's previous holdings date (not the previous market day:
-- an ETF missing on a day is compared with the last day it was reported). Cash lines are not positions bought or
-- sold and are left out. The first date of an ETF has nothing to compare with and yields no rows. In a windowed
-- run the first date of the window still looks back to the previous date already in fct_etf_holdings.
-- The pre-hook clears the window first: a date on which nothing changed must not keep stale rows.
-- A previous date more than var change_max_gap_days (31) before is no basis for "what changed": such a date counts
-- as a first date (the recorded 2021-04-02 PDFs would otherwise be compared with 2024-05-23).

{%- set threshold = var('change_threshold_pct', 0) %}
{%- set end = window_end() %}
{%- set max_gap_days = var('change_max_gap_days', 31) | int %}

with holdings as (
    select trade_date, etf_ticker, instrument_code, instrument_name, shares, weight_pct
    from {{ ref('fct_etf_holdings') }}
    where not is_cash
    {%- if end %} and trade_date <= date '{{ end }}'{% endif %}
),

holding_dates as (
    select distinct etf_ticker, trade_date from holdings
),

date_pairs as (
    select
        etf_ticker,
        trade_date,
        lag(trade_date) over (partition by etf_ticker order by trade_date) as prev_date
    from holding_dates
),

windowed_pairs as (
    select * from date_pairs
    where prev_date is not null
        and trade_date - prev_date <= {{ max_gap_days }}
        {{ date_window_filter('trade_date') }}
),

current_lines as (
    select pairs.trade_date, pairs.prev_date, holdings.etf_ticker, holdings.instrument_code,
        holdings.instrument_name, holdings.shares, holdings.weight_pct
    from windowed_pairs as pairs
    inner join holdings on holdings.etf_ticker = pairs.etf_ticker and holdings.trade_date = pairs.trade_date
),

previous_lines as (
    select pairs.trade_date, pairs.prev_date, holdings.etf_ticker, holdings.instrument_code,
        holdings.instrument_name, holdings.shares, holdings.weight_pct
    from windowed_pairs as pairs
    inner join holdings on holdings.etf_ticker = pairs.etf_ticker and holdings.trade_date = pairs.prev_date
),

compared as (
    select
        coalesce(curr.trade_date, prev.trade_date) as trade_date,
        coalesce(curr.prev_date, prev.prev_date) as prev_date,
        coalesce(curr.etf_ticker, prev.etf_ticker) as etf_ticker,
        coalesce(curr.instrument_code, prev.instrument_code) as instrument_code,
        coalesce(curr.instrument_name, prev.instrument_name) as instrument_name,
        prev.shares as shares_prev,
        curr.shares as shares_curr,
        prev.weight_pct as weight_prev,
        curr.weight_pct as weight_curr,
        prev.instrument_code is null as is_new,
        curr.instrument_code is null as is_gone
    from current_lines as curr
    full outer join previous_lines as prev
        on prev.trade_date = curr.trade_date
        and prev.etf_ticker = curr.etf_ticker
        and prev.instrument_code = curr.instrument_code
),

classified as (
    select
        *,
        case
            when is_new then 'added'
            when is_gone then 'removed'
            -- Share changes within change_threshold_pct of the previous shares are noise, not trades.
            when shares_curr - shares_prev > abs(shares_prev) * {{ threshold }} / 100.0 then 'increased'
            when shares_prev - shares_curr > abs(shares_prev) * {{ threshold }} / 100.0 then 'decreased'
        end as change_kind
    from compared
)

select
    trade_date,
    prev_date,
    etf_ticker,
    instrument_code,
    instrument_name,
    change_kind,
    shares_prev,
    shares_curr,
    cast(coalesce(shares_curr, 0) - coalesce(shares_prev, 0) as numeric(24, 2)) as shares_delta,
    weight_prev,
    weight_curr,
    cast(coalesce(weight_curr, 0) - coalesce(weight_prev, 0) as numeric(12, 2)) as weight_delta
from classified
where change_kind is not null

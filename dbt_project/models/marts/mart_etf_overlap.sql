-- Pairwise portfolio overlap on the latest holdings date: Σ min(weight) over the non-cash instruments two ETFs
-- both hold with a positive weight (0-100), keeping the overlap_top_k most similar ETFs per ETF. Each unordered
-- pair is computed once and mirrored, which halves the self-join.
-- Long/short and inverse ETFs report valuation shares far above 100 for their long legs (the shares are taken of a
-- net value near zero, e.g. 30,034% for a futures leg), so an ETF's positive weights are scaled down to sum to
-- 100 when they exceed it; ordinary ETFs keep their recorded weights.

with latest as (
    select max(trade_date) as as_of from {{ ref('fct_etf_holdings') }}
),

long_positions as (
    select holdings.etf_ticker, holdings.instrument_code, holdings.weight_pct
    from {{ ref('fct_etf_holdings') }} as holdings
    inner join latest on holdings.trade_date = latest.as_of
    where not holdings.is_cash and holdings.weight_pct > 0
),

positions as (
    select
        etf_ticker,
        instrument_code,
        weight_pct * 100 / greatest(100, sum(weight_pct) over (partition by etf_ticker)) as weight_pct
    from long_positions
),

pairs as (
    select
        a.etf_ticker,
        b.etf_ticker as other_ticker,
        sum(least(a.weight_pct, b.weight_pct)) as overlap_pct,
        count(*)::integer as common_count
    from positions as a
    inner join positions as b on b.instrument_code = a.instrument_code and b.etf_ticker > a.etf_ticker
    group by a.etf_ticker, b.etf_ticker
),

both_directions as (
    select etf_ticker, other_ticker, overlap_pct, common_count from pairs
    union all
    select other_ticker, etf_ticker, overlap_pct, common_count from pairs
),

ranked as (
    select
        *,
        row_number() over (
            partition by etf_ticker order by overlap_pct desc, common_count desc, other_ticker
        )::integer as rank
    from both_directions
)

select
    latest.as_of,
    ranked.etf_ticker,
    ranked.other_ticker,
    round(ranked.overlap_pct, 2) as overlap_pct,
    ranked.common_count,
    ranked.rank
from ranked
cross join latest
where ranked.rank <= {{ var('overlap_top_k', 10) }}

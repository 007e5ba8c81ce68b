-- One row per ETF and holdings date: the value of its holdings (per creation unit, 평가금액) next to the ETF's
-- quote of the same day where one is loaded (price_date = trade_date), else the nearest earlier quote within
-- 7 days (price_date says which). Holdings and quotes overlap on 2024-10-08 .. 2024-11-06 in the snapshot.
with holdings as (
    select
        trade_date,
        etf_ticker,
        count(*) as holdings_count,
        count(*) filter (where is_cash) as cash_lines,
        sum(value_krw) filter (where not is_cash) as cu_value_krw,
        sum(weight_pct) as weight_sum_pct
    from {{ ref('fct_etf_holdings') }}
    group by trade_date, etf_ticker
)

select
    h.trade_date,
    h.etf_ticker,
    h.holdings_count,
    h.cash_lines,
    h.cu_value_krw,
    h.weight_sum_pct,
    q.trade_date as price_date,
    q.trade_date = h.trade_date as same_day_price,
    q.close_price,
    q.nav,
    q.market_cap_krw,
    q.listed_units
from holdings as h
left join lateral (
    select p.trade_date, p.close_price, p.nav, p.market_cap_krw, p.listed_units
    from {{ ref('fct_etf_prices') }} as p
    where p.etf_ticker = h.etf_ticker and p.trade_date <= h.trade_date and p.trade_date >= h.trade_date - 7
    order by p.trade_date desc
    limit 1
) as q on true

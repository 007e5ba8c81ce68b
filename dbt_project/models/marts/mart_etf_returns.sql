-- Returns per ETF and trade date over the loaded quotes (close to close, KRW; distributions not added back), and
-- the premium/discount of the close to NAV (괴리율). A window's base is the ETF's last close on or before
-- trade_date − window; when that close is more than var return_base_max_gap_days (7) days older than the
-- window's start (the quotes have a gap there, e.g. 2024-11 → 2025-10), the return is NULL rather than a return
-- over another period. Every return says the date it starts from (base_date_*).

{%- set max_gap = var('return_base_max_gap_days', 7) | int %}
{%- set windows = [('1w', "interval '7 days'"), ('1m', "interval '1 month'"), ('3m', "interval '3 months'")] %}

with prices as (
    select trade_date, etf_ticker, close_price, nav
    from {{ ref('fct_etf_prices') }}
    where close_price is not null and close_price > 0
),

firsts as (
    select distinct on (etf_ticker) etf_ticker, trade_date as first_date, close_price as first_close
    from prices
    order by etf_ticker, trade_date
)

select
    p.trade_date,
    p.etf_ticker,
    p.close_price,
    p.nav,
    case when p.nav > 0 then round((p.close_price - p.nav) / p.nav * 100, 4) end as premium_discount_pct,
    {%- for name, span in windows %}
    b{{ name }}.trade_date as base_date_{{ name }},
    round((p.close_price / b{{ name }}.close_price - 1) * 100, 4) as return_{{ name }},
    {%- endfor %}
    f.first_date,
    round((p.close_price / f.first_close - 1) * 100, 4) as return_since_first
from prices as p
inner join firsts as f on f.etf_ticker = p.etf_ticker
{%- for name, span in windows %}
left join lateral (
    select b.trade_date, b.close_price
    -- the fact table itself: its unique (etf_ticker, trade_date) index serves this lookup
    from {{ ref('fct_etf_prices') }} as b
    where b.etf_ticker = p.etf_ticker
        and b.trade_date <= (p.trade_date - {{ span }})::date
        and b.trade_date >= (p.trade_date - {{ span }})::date - {{ max_gap }}
        and b.close_price > 0
    order by b.trade_date desc
    limit 1
) as b{{ name }} on true
{%- endfor %}

-- sql: holdings at the period's end not held before it (or the reverse)
with d as (
select (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = %(p1)s::text and trade_date < %(p3)s::date) as d0,
       (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = %(p1)s::text and trade_date <= %(p2)s::date) as d1
),
snap as (
select h.trade_date, h.instrument_code, h.instrument_name, h.weight_pct
from marts.fct_etf_holdings h
left join marts.dim_stock s on s.code = h.instrument_code
where h.etf_ticker = %(p1)s::text and not h.is_cash and coalesce(s.instrument_type, '') <> all(%(p5)s::text[])
  and h.trade_date in ((select d0 from d), (select d1 from d))
),
h0 as (
select * from snap where trade_date = (select d0 from d)
),
h1 as (
select * from snap where trade_date = (select d1 from d)
)
select (select d1 from d) as trade_date, (select d0 from d) as prev_date, e.ticker, e.name, t.code,
       t.stock_name, t.change_kind, t.weight_prev, t.weight_curr, null::numeric as weight_delta,
       null::numeric as shares_delta, count(*) over () as total_count,
       count(*) over (partition by t.change_kind) as kind_count,
       (select d0 from d) as first_date, (select d1 from d) as last_date
from (
    select 'added' as change_kind, h1.instrument_code as code, h1.instrument_name as stock_name,
           null::numeric as weight_prev, h1.weight_pct as weight_curr
    from h1 where 'added' = any(%(p4)s::text[]) and (select d0 from d) is not null  -- no snapshot before: nothing to compare
      and not exists (select 1 from h0 where h0.instrument_code = h1.instrument_code)
    union all
    select 'removed', h0.instrument_code, h0.instrument_name, h0.weight_pct, null
    from h0 where 'removed' = any(%(p4)s::text[]) and (select d1 from d) > (select d0 from d)
      and not exists (select 1 from h1 where h1.instrument_code = h0.instrument_code)
) t
join marts.dim_etf e on e.ticker = %(p1)s::text
order by coalesce(t.weight_curr, t.weight_prev) desc nulls last, t.code
limit %(p6)s::int

-- Concentration and exposure of an ETF's holdings: count, top-10 and largest weight, foreign, derivative and cash shares.
with d as (
    select max(trade_date) as trade_date from marts.fct_etf_holdings
    where etf_ticker = %(ticker)s and (%(as_of)s::date is null or trade_date <= %(as_of)s::date)
), h as (
    select fh.*, s.instrument_type, row_number() over (order by fh.weight_pct desc nulls last) as rn
    from marts.fct_etf_holdings fh
    join d on fh.trade_date = d.trade_date
    left join marts.dim_stock s on s.code = fh.instrument_code
    where fh.etf_ticker = %(ticker)s
)
select %(ticker)s::text as ticker, (select trade_date from d) as holdings_date,
       count(*) filter (where not is_cash) as holdings_count,
       round(sum(weight_pct) filter (where rn <= 10 and not is_cash), 2) as top10_weight_pct,
       max(weight_pct) filter (where not is_cash) as max_weight_pct,
       (array_agg(instrument_name order by weight_pct desc nulls last) filter (where not is_cash))[1] as max_weight_name,
       round(coalesce(sum(weight_pct) filter (where instrument_type = 'foreign_stock'), 0), 2) as foreign_weight_pct,
       round(coalesce(sum(weight_pct) filter (where instrument_type in ('future', 'option', 'swap')), 0), 2)
           as derivative_weight_pct,
       count(*) filter (where shares < 0) as short_positions,
       round(coalesce(sum(weight_pct) filter (where is_cash), 0), 2) as cash_weight_pct
from h

-- How many ETFs held one instrument on each holdings date (and how many ETFs reported holdings that date).
-- ETFs reporting per date from mart_etf_daily (one row per ETF and holdings date): the same count as
-- count(distinct etf_ticker) over fct_etf_holdings, without scanning every holding line of every date.
with reporting as (
    select trade_date, count(*) as etfs_reporting
    from marts.mart_etf_daily
    where (%(from)s::date is null or trade_date >= %(from)s::date)
      and (%(to)s::date is null or trade_date <= %(to)s::date)
    group by trade_date
),
held as (
    select trade_date, count(*) as etf_count, sum(value_krw) as value_krw_per_cu,
           avg(weight_pct) as avg_weight_pct, max(weight_pct) as max_weight_pct
    from marts.fct_etf_holdings
    where instrument_code = %(code)s
      and (%(from)s::date is null or trade_date >= %(from)s::date)
      and (%(to)s::date is null or trade_date <= %(to)s::date)
    group by trade_date
)
select r.trade_date as date, coalesce(h.etf_count, 0) as etf_count, r.etfs_reporting,
       round(h.avg_weight_pct, 4) as avg_weight_pct, h.max_weight_pct
from reporting r
left join held h on h.trade_date = r.trade_date
order by r.trade_date
limit %(limit)s

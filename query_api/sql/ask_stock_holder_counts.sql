-- Number of ETFs holding each instrument on the latest holdings date on/before as_of.
with d as (
    select max(trade_date) as trade_date from marts.fct_etf_holdings
    where %(as_of)s::date is null or trade_date <= %(as_of)s::date
)
select t.code, s.name, d.trade_date,
       (select count(*) from marts.fct_etf_holdings h where h.instrument_code = t.code and h.trade_date = d.trade_date)
           as holder_count,
       (select round(avg(h.weight_pct), 2) from marts.fct_etf_holdings h
         where h.instrument_code = t.code and h.trade_date = d.trade_date) as avg_weight_pct
from unnest(%(codes)s::text[]) with ordinality as t(code, ord)
left join marts.dim_stock s on s.code = t.code
cross join d
order by t.ord

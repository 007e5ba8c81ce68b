-- Instrument facts: type, market, sector, and how many ETFs hold it on the latest holdings date on/before as_of.
with d as (
    select max(trade_date) as trade_date from marts.fct_etf_holdings
    where %(as_of)s::date is null or trade_date <= %(as_of)s::date
)
select s.code, s.name, s.isin, s.instrument_type, s.market, s.sector, s.listing_date, d.trade_date as holdings_date,
       (select count(*) from marts.fct_etf_holdings h where h.instrument_code = s.code and h.trade_date = d.trade_date)
           as holder_count,
       (select max(h.weight_pct) from marts.fct_etf_holdings h
         where h.instrument_code = s.code and h.trade_date = d.trade_date) as max_weight_pct
from unnest(%(codes)s::text[]) with ordinality as t(code, ord)
join marts.dim_stock s on s.code = t.code
cross join d
order by t.ord

-- sql: facts of the named stocks
with hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select t.ord, s.code, s.name, s.instrument_type, s.market, s.sector, s.listing_date, (select h.instrument_name from marts.fct_etf_holdings h where h.instrument_code = s.code order by h.trade_date desc limit 1) as held_as, (select d from hd) as holdings_date, (select count(*) from marts.fct_etf_holdings h where h.instrument_code = s.code and h.trade_date = (select d from hd)) as holder_count, (select max(h.weight_pct) from marts.fct_etf_holdings h where h.instrument_code = s.code and h.trade_date = (select d from hd)) as max_weight
from unnest(array[%(p1)s::text] || array[%(p2)s::text]) with ordinality as t(code, ord)
join marts.dim_stock s on s.code = t.code
order by t.ord

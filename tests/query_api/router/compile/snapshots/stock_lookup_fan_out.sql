-- sql: facts of the named stocks
with sref1 as (
select x.code, x.name, x.weight, x.rank, x.holdings_date, x.total_count, x.total_weight,
       e.ticker, e.name as etf_name
from (
    select fh.instrument_code as code, fh.instrument_name as name, fh.weight_pct as weight,
           fh.trade_date as holdings_date, fh.etf_ticker,
           row_number() over (order by fh.weight_pct desc nulls last, fh.instrument_code) as rank,
           count(*) over () as total_count, round(sum(fh.weight_pct) over (), 2) as total_weight
    from marts.fct_etf_holdings fh
    where fh.etf_ticker = %(p2)s::text and not fh.is_cash and fh.trade_date = (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = %(p2)s::text and trade_date <= coalesce(%(as_of)s::date, 'infinity'::date))
) x
join marts.dim_etf e on e.ticker = x.etf_ticker
order by x.rank
limit %(p3)s::int
),
hd as (
select max(trade_date) as d from marts.fct_etf_holdings where trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)
)
select t.ord, s.code, s.name, s.instrument_type, s.market, s.sector, s.listing_date, (select h.instrument_name from marts.fct_etf_holdings h where h.instrument_code = s.code order by h.trade_date desc limit 1) as held_as, (select d from hd) as holdings_date, (select count(*) from marts.fct_etf_holdings h where h.instrument_code = s.code and h.trade_date = (select d from hd)) as holder_count, (select max(h.weight_pct) from marts.fct_etf_holdings h where h.instrument_code = s.code and h.trade_date = (select d from hd)) as max_weight
from unnest(array(select code from sref1)) with ordinality as t(code, ord)
join marts.dim_stock s on s.code = t.code
order by t.ord

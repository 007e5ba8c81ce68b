-- sql: figures of the named ETFs
with eref1 as (
select o.other_ticker as ticker, e.name, o.overlap_pct as overlap, o.common_count, o.rank,
       o.as_of, o.etf_ticker as base_ticker, base.name as base_name
from marts.mart_etf_overlap o
join marts.dim_etf e on e.ticker = o.other_ticker
join marts.dim_etf base on base.ticker = o.etf_ticker
where o.etf_ticker = %(p2)s::text
order by o.rank
limit %(p3)s::int
)
select t.ord, e.ticker, e.name, e.total_fee_pct as fee
from unnest(array[(select ticker from eref1 limit 1)]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker

order by t.ord

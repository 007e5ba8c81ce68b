-- The stock for the holders check: the preferred code if some ETF holds it on the date, else the most held stock.
select h.instrument_code
from marts.fct_etf_holdings as h
join marts.dim_stock as s on s.code = h.instrument_code
where h.trade_date = %(as_of)s
group by h.instrument_code, s.instrument_type
order by (h.instrument_code = %(preferred)s) desc, (s.instrument_type = 'stock') desc, count(*) desc, h.instrument_code
limit 1

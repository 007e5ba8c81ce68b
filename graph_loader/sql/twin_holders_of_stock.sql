-- SQL twin of cypher/holders_of_stock.cypher.
select h.etf_ticker, h.weight_pct
from marts.fct_etf_holdings as h
join marts.dim_etf as e on e.ticker = h.etf_ticker
where h.trade_date = %(as_of)s and h.instrument_code = %(code)s

-- Entity dictionary: every search term of every ETF (names, tickers, ISINs, aliases), with the ETF's name and brand.
select s.etf_ticker as id, s.term, s.term_norm, s.term_kind, e.name, e.brand, e.is_listed
from marts.mart_etf_search s
join marts.dim_etf e on e.ticker = s.etf_ticker

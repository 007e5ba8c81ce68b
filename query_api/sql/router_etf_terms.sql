-- Entity dictionary: every search term of every ETF (names, tickers, ISINs, aliases), with the ETF's name, brand and
-- index (a word found only inside the names of one index's ETFs names that index: 니프티50 → Nifty 50 Index).
select s.etf_ticker as id, s.term, s.term_norm, s.term_kind, e.name, e.brand, e.is_listed, e.index_id
from marts.mart_etf_search s
join marts.dim_etf e on e.ticker = s.etf_ticker

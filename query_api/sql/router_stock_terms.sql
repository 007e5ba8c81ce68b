-- Entity dictionary: search terms of instruments (codes, names, nicknames such as 삼전/하닉), stocks first.
select s.code as id, s.term, s.term_norm, s.term_kind, d.name, d.instrument_type
from marts.mart_stock_search s
join marts.dim_stock d on d.code = s.code

-- Near misses for stock mentions (typos): best trigram matches per token among instruments held by some ETF.
select t.token, m.code as id, m.term, m.name, m.sim
from unnest(%(tokens)s::text[]) as t(token)
cross join lateral (
    select s.code, s.term, d.name, similarity(s.term_norm, t.token) as sim
    from marts.mart_stock_search s
    join marts.dim_stock d on d.code = s.code
    where s.term_norm %% t.token
    order by sim desc, length(s.term)
    limit 5
) m
order by m.sim desc

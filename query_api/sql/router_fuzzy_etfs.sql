-- Near misses for ETF mentions (typos, partial names): best trigram matches per token (GIN index on term_norm).
select t.token, m.etf_ticker as id, m.term, m.name, m.sim
from unnest(%(tokens)s::text[]) as t(token)
cross join lateral (
    select s.etf_ticker, s.term, e.name, similarity(s.term_norm, t.token) as sim
    from marts.mart_etf_search s
    join marts.dim_etf e on e.ticker = s.etf_ticker
    where s.term_norm %% t.token
    order by sim desc, e.is_listed desc, length(s.term)
    limit 5
) m
order by m.sim desc

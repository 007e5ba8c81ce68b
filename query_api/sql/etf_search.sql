-- ETF search over marts.mart_etf_search (GIN trigram index on term_norm). %(q)s is the normalised query
-- (lower case, no spaces, brand aliases resolved); %(prefix)s / %(contains)s are its escaped LIKE patterns.
-- Exact, prefix and substring hits come first and are cheap (the trigram index serves LIKE); the trigram
-- similarity pass, which scores every candidate, runs only when those hits do not fill the page (typos).
with direct as (
    select s.etf_ticker, s.term, s.term_kind,
           case when s.term_norm = %(q)s then 1.0
                when s.term_norm like %(prefix)s then 0.9
                else 0.8 end as score
    from marts.mart_etf_search s
    where s.term_norm like %(contains)s
),
fuzzy as (
    select s.etf_ticker, s.term, s.term_kind,
           greatest(similarity(s.term_norm, %(q)s), word_similarity(%(q)s, s.term_norm)) * 0.79 as score
    from marts.mart_etf_search s
    where (select count(distinct etf_ticker) from direct) < %(limit)s
      and (s.term_norm %% %(q)s or %(q)s <%% s.term_norm)
),
best as (
    select distinct on (etf_ticker) etf_ticker, term, term_kind, score
    from (select * from direct union all select * from fuzzy) hits
    order by etf_ticker, score desc, length(term)
)
select b.etf_ticker as ticker, e.name, e.brand, e.issuer_name as issuer, b.term as matched_term,
       b.term_kind, round(b.score::numeric, 3) as score
from best b
join marts.dim_etf e on e.ticker = b.etf_ticker
order by b.score desc, e.is_listed desc, e.name
limit %(limit)s

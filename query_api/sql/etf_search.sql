-- Fuzzy ETF search (pg_trgm over marts.mart_etf_search): trigram similarity, word similarity and prefix hits,
-- best matching term per ETF. %(q)s is the normalised query (lower case, no spaces, brand aliases resolved).
with hits as (
    select s.etf_ticker, s.term, s.term_kind,
           greatest(
               similarity(s.term_norm, %(q)s),
               word_similarity(%(q)s, s.term_norm),
               case when s.term_norm = %(q)s then 1.0
                    when s.term_norm like %(prefix)s then 0.9
                    else 0 end
           ) as score
    from marts.mart_etf_search s
    where s.term_norm %% %(q)s
       or %(q)s <%% s.term_norm
       or s.term_norm like %(prefix)s
),
best as (
    select distinct on (etf_ticker) etf_ticker, term, term_kind, score
    from hits
    order by etf_ticker, score desc, length(term)
)
select b.etf_ticker as ticker, e.name, e.brand, e.issuer_name as issuer, b.term as matched_term,
       b.term_kind, round(b.score::numeric, 3) as score
from best b
join marts.dim_etf e on e.ticker = b.etf_ticker
order by b.score desc, e.is_listed desc, e.name
limit %(limit)s

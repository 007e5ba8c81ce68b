{{
    config(
        indexes=[{'columns': ['etf_ticker']}],
        post_hook="create index on {{ this }} using gin (term_norm public.gin_trgm_ops)",
    )
}}
-- Search terms per ETF for fuzzy lookup (pg_trgm on term_norm): ticker, ISIN, current names, and aliases, i.e.
-- former names (from older masters, prices and holdings) and brand spellings from the seed `brand_aliases`
-- (코덱스 200 -> KODEX 200; 케이비스타 200 -> the former KBSTAR 200, now RISE 200). One row per normalised term.

with etfs as (
    select * from {{ ref('dim_etf') }}
),

former_names as (
    select names.ticker, names.name
    from {{ ref('int_etf_names') }} as names
    inner join etfs on etfs.ticker = names.ticker
    where names.name is distinct from etfs.name
),

all_names as (
    select ticker, name from etfs where name is not null
    union
    select ticker, name from former_names
),

brand_spellings as (
    select
        all_names.ticker,
        aliases.alias || substr(all_names.name, length(split_part(all_names.name, ' ', 1)) + 1) as term
    from all_names
    inner join {{ ref('brand_aliases') }} as aliases on aliases.brand = split_part(all_names.name, ' ', 1)
),

terms as (
    select ticker, ticker as term, 'ticker' as term_kind, 1 as priority from etfs
    union all
    select ticker, isin, 'isin', 2 from etfs where isin is not null
    union all
    select ticker, name, 'name', 3 from etfs where name is not null
    union all
    select ticker, full_name, 'full_name', 4 from etfs where full_name is not null
    union all
    select ticker, english_name, 'english_name', 5 from etfs where english_name is not null
    union all
    select ticker, name, 'alias', 6 from former_names
    union all
    select ticker, term, 'alias', 7 from brand_spellings
),

normalised as (
    select ticker, trim(term) as term, {{ normalize_term('term') }} as term_norm, term_kind, priority
    from terms
    where trim(term) <> ''
)

select distinct on (ticker, term_norm)
    ticker as etf_ticker,
    term,
    term_norm,
    term_kind
from normalised
order by ticker, term_norm, priority, term

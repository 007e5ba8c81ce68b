{{
    config(
        indexes=[{'columns': ['code']}],
        post_hook="create index on {{ this }} using gin (term_norm public.gin_trgm_ops)",
    )
}}
-- Search terms per instrument for fuzzy lookup (pg_trgm on term_norm): code, current name, and aliases, i.e.
-- other names the sources used (full and English names, KIND, earlier holdings names) and nicknames from the
-- seed `stock_aliases` (삼전 -> 005930). One row per normalised term.

with stocks as (
    select * from {{ ref('dim_stock') }}
),

terms as (
    select code, code as term, 'code' as term_kind, 1 as priority from stocks
    union all
    select code, name, 'name', 2 from stocks where name is not null
    union all
    select aliases.code, aliases.alias, 'alias', 3
    from {{ ref('stock_aliases') }} as aliases
    inner join stocks on stocks.code = aliases.code
    union all
    select names.code, names.name, 'alias', 4
    from {{ ref('int_instrument_names') }} as names
    inner join stocks on stocks.code = names.code
),

normalised as (
    select code, trim(term) as term, {{ normalize_term('term') }} as term_norm, term_kind, priority
    from terms
    where trim(term) <> ''
)

select distinct on (code, term_norm)
    code,
    term,
    term_norm,
    term_kind
from normalised
order by code, term_norm, priority, term

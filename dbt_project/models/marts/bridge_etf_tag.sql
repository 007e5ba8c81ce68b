-- ETF ↔ tag from the seed `tag_rules` (regular expressions, case-insensitive) applied to the ETF's short name,
-- its underlying index name, or its master attributes; one row per pair, citing the first field that matched
-- in the order name, index, attribute.
with etfs as (
    select * from {{ ref('dim_etf') }}
),

rules as (
    select * from {{ ref('tag_rules') }}
),

fields as (
    select ticker, 'name' as field, name as value from etfs where name is not null
    union all
    select ticker, 'index', index_name from etfs where index_name is not null
    union all
    select
        ticker,
        'attribute',
        concat_ws(
            '|',
            'tracking:' || coalesce(tracking_multiple, ''),
            'replication:' || coalesce(replication, '') || coalesce(case when is_active then '(액티브)' end, ''),
            'asset:' || coalesce(asset_class, ''),
            'market:' || coalesce(market, '')
        )
    from etfs
),

matches as (
    select
        fields.ticker,
        rules.tag,
        fields.field,
        case fields.field when 'name' then 1 when 'index' then 2 else 3 end as priority
    from fields
    inner join rules on rules.field = fields.field and fields.value ~* rules.pattern
)

select distinct on (ticker, tag)
    ticker as etf_ticker,
    tag,
    field as matched_on
from matches
order by ticker, tag, priority

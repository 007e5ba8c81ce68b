with source as (
    select * from {{ source('krx', 'kind_companies') }}
),

renamed as (
    select
        as_of_date,
        code,
        name,
        market as market_name,
        industry,
        listing_date,
        _source as source_kind,
        _loaded_at as loaded_at
    from source
)

select * from renamed

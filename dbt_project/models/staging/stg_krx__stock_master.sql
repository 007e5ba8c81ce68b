with source as (
    select * from {{ source('krx', 'krx_stock_master') }}
),

renamed as (
    select
        as_of_date,
        isu_cd as isin,
        isu_srt_cd as code,
        isu_abbrv as name,
        isu_nm as full_name,
        isu_eng_nm as english_name,
        list_dd as listing_date,
        mkt_tp_nm as market_name,
        secugrp_nm as security_group,
        sect_tp_nm as section,
        kind_stkcert_tp_nm as share_class,
        parval as par_value,
        list_shrs as listed_shares,
        _source as source_kind,
        _loaded_at as loaded_at
    from source
)

select * from renamed

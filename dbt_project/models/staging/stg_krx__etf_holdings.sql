with source as (
    select * from {{ source('krx', 'krx_etf_holdings') }}
),

renamed as (
    select
        trade_date,
        etf_isu_cd as etf_isin,
        line_no,
        compst_isu_cd as instrument_code,
        compst_isu_cd2 as instrument_isin,
        compst_isu_nm as instrument_name,
        compst_isu_cu1_shrs as shares_per_cu,
        valu_amt as valuation_krw,
        compst_amt as market_value_krw,
        compst_rto as weight_pct,
        mkt_id as market_id,
        secugrp_id as security_group_id,
        _source as source_kind,
        _loaded_at as loaded_at
    from source
)

select * from renamed

with source as (
    select * from {{ source('krx', 'krx_etf_master') }}
),

renamed as (
    select
        as_of_date,
        isu_cd as isin,
        isu_srt_cd as ticker,
        isu_abbrv as name,
        isu_nm as full_name,
        isu_eng_nm as english_name,
        list_dd as listing_date,
        etf_obj_idx_nm as index_name,
        idx_calc_inst_nm1 as index_provider,
        idx_calc_inst_nm2 as tracking_multiple,
        etf_replica_methd_tp_cd as replication_method,
        idx_mkt_clss_nm as market_class,
        idx_asst_clss_nm as asset_class,
        list_shrs as listed_units,
        com_abbrv as issuer_name,
        cu_qty,
        etf_tot_fee as total_fee_pct,
        tax_tp_cd as tax_type,
        _source as source_kind,
        _loaded_at as loaded_at
    from source
)

select * from renamed

with source as (
    select * from {{ source('krx', 'krx_etf_prices') }}
),

renamed as (
    select
        trade_date,
        isu_srt_cd as ticker,
        isu_cd as isin,
        isu_abbrv as name,
        tdd_clsprc as close_price,
        cmpprevdd_prc as change_price,
        fluc_rt as change_pct,
        nav,
        tdd_opnprc as open_price,
        tdd_hgprc as high_price,
        tdd_lwprc as low_price,
        acc_trdvol as volume,
        acc_trdval as traded_value_krw,
        mktcap as market_cap_krw,
        list_shrs as listed_units,
        invstasst_netasst_totamt as net_assets_krw,
        _source as source_kind,
        _loaded_at as loaded_at
    from source
)

select * from renamed

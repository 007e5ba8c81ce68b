with source as (
    select * from {{ source('krx', 'kofia_fees') }}
),

renamed as (
    select
        as_of_date,
        fund_code,
        fund_name,
        fund_type,
        setup_date,
        mgmt_fee as mgmt_fee_pct,
        sales_fee as sales_fee_pct,
        trustee_fee as trustee_fee_pct,
        admin_fee as admin_fee_pct,
        total_fee as total_fee_pct,
        peer_avg_fee as peer_avg_fee_pct,
        other_expenses as other_expenses_pct,
        ter as ter_pct,
        front_load as front_load_pct,
        back_load as back_load_pct,
        trading_fee_rate as trading_fee_pct,
        _source as source_kind,
        _loaded_at as loaded_at
    from source
)

select * from renamed

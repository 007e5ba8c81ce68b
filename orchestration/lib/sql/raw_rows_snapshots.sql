-- Rows of the snapshot raw tables (every snapshot date together), as the snapshot assets record them.
select 'krx_etf_master' as table_name, count(*) as row_count from raw.krx_etf_master
union all select 'krx_stock_master', count(*) from raw.krx_stock_master
union all select 'kind_companies', count(*) from raw.kind_companies
union all select 'kofia_fees', count(*) from raw.kofia_fees

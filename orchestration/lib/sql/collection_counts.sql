-- What was collected for one trade date (raw rows), used to decide whether the date completed.
select
    (select count(*) from raw.krx_etf_prices where trade_date = %(trade_date)s) as prices,
    (select count(*) from raw.krx_etf_holdings where trade_date = %(trade_date)s) as holdings,
    (select count(distinct etf_isu_cd) from raw.krx_etf_holdings where trade_date = %(trade_date)s) as holding_etfs

-- Trade dates in a window for which anything was collected (days without trading have no raw rows).
select trade_date from raw.krx_etf_prices where trade_date between %(first)s and %(last)s
union
select distinct trade_date from raw.krx_etf_holdings where trade_date between %(first)s and %(last)s
order by 1

-- Rows per trade date of the two daily raw tables in [first, last] (the planner compares them with the instance).
select 'krx_etf_prices' as table_name, trade_date, count(*) as row_count
from raw.krx_etf_prices
where trade_date between %(first)s and %(last)s
group by trade_date
union all
select 'krx_etf_holdings', trade_date, count(*)
from raw.krx_etf_holdings
where trade_date between %(first)s and %(last)s
group by trade_date

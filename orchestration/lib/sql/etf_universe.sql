-- The ETFs the loaded sources know for a trade date: every master snapshot's ETFs listed by then (a master lists
-- only the ETFs listed on its own date, so older snapshots add ETFs delisted since), and that day's quotes
-- (ticker, and the ISIN when the quote carries one; the 2024 replay quotes of delisted ETFs have none).
select 'master' as source, isu_srt_cd as ticker, isu_cd as isin
from raw.krx_etf_master
where list_dd is null or list_dd <= %(trade_date)s
union
select 'quotes', isu_srt_cd, isu_cd
from raw.krx_etf_prices
where trade_date = %(trade_date)s
order by 1, 2, 3

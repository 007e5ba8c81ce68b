-- The ISIN computed for ETFs no source names ('KR7' + ticker + '00' + check digit) must reproduce every ISIN the
-- masters do carry; a row here is a master ETF whose ISIN the macro gets wrong.
select ticker, isin, {{ krx_etf_isin('ticker') }} as computed_isin
from {{ ref('int_etf_master_latest') }}
where isin <> {{ krx_etf_isin('ticker') }}

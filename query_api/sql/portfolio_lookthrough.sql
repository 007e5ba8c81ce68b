-- The holdings lines of (ETF, holdings date) pairs, signed as KRX reports them (negative = short), with the
-- instrument's type and sector, and whether the instrument is itself an ETF (looked through one level further).
with wanted as (
    select * from unnest(%(tickers)s::text[], %(dates)s::date[]) as w(ticker, trade_date)
)
select w.ticker, h.instrument_code, h.instrument_name, h.shares, h.value_krw, h.weight_pct, h.is_cash,
       d.instrument_type, d.sector, e.ticker is not null as is_etf
from wanted w
join marts.fct_etf_holdings h on h.etf_ticker = w.ticker and h.trade_date = w.trade_date
left join marts.dim_stock d on d.code = h.instrument_code
left join marts.dim_etf e on e.ticker = h.instrument_code

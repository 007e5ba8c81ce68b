-- Weight of one instrument in each given ETF (0 rows for ETFs that do not hold it) on each ETF's latest
-- holdings date on/before as_of.
select t.ticker, e.name, e.issuer_name, h.trade_date, h.instrument_code, h.instrument_name, h.weight_pct,
       h.shares, h.value_krw
from unnest(%(tickers)s::text[]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker
join marts.fct_etf_holdings h
  on h.etf_ticker = t.ticker and h.instrument_code = %(code)s
 and h.trade_date = (select max(trade_date) from marts.fct_etf_holdings
                     where etf_ticker = t.ticker and (%(as_of)s::date is null or trade_date <= %(as_of)s::date))
order by h.weight_pct desc nulls last, t.ord

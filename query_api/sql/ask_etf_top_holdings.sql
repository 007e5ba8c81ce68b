-- Top holdings of ETFs (by weight, cash lines excluded) on each ETF's latest holdings date on/before as_of.
select x.etf_ticker as ticker, x.trade_date, x.rank, x.instrument_code, x.instrument_name, x.weight_pct,
       x.shares, x.value_krw
from unnest(%(tickers)s::text[]) as t(ticker)
cross join lateral (
    select fh.etf_ticker, fh.trade_date, fh.instrument_code, fh.instrument_name, fh.weight_pct, fh.shares,
           fh.value_krw, row_number() over (order by fh.weight_pct desc nulls last, fh.instrument_code) as rank
    from marts.fct_etf_holdings fh
    where fh.etf_ticker = t.ticker and not fh.is_cash
      and fh.trade_date = (select max(trade_date) from marts.fct_etf_holdings
                           where etf_ticker = t.ticker
                             and (%(as_of)s::date is null or trade_date <= %(as_of)s::date))
    order by fh.weight_pct desc nulls last, fh.instrument_code
    limit %(limit)s
) x
order by x.etf_ticker, x.rank

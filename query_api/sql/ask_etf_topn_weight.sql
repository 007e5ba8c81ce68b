-- Sum of the N largest holding weights of an ETF (cash excluded) on its latest holdings date on/before as_of.
select %(ticker)s::text as ticker, max(t.trade_date) as trade_date, count(*) as n, round(sum(t.weight_pct), 2) as weight_sum,
       string_agg(t.instrument_name, ', ' order by t.weight_pct desc nulls last) as names
from (
    select trade_date, instrument_name, weight_pct from marts.fct_etf_holdings
    where etf_ticker = %(ticker)s and not is_cash
      and trade_date = (select max(trade_date) from marts.fct_etf_holdings
                        where etf_ticker = %(ticker)s and (%(as_of)s::date is null or trade_date <= %(as_of)s::date))
    order by weight_pct desc nulls last, instrument_code
    limit %(n)s
) t

-- Sector mix of an ETF (weights summed by the holdings' KIND sector; unknown sectors grouped by instrument type).
select h.etf_ticker as ticker, h.trade_date,
       coalesce(s.sector, case s.instrument_type when 'stock' then '업종 미분류' when 'future' then '선물'
                                    when 'option' then '옵션' when 'swap' then '스왑' when 'etf' then 'ETF'
                                    when 'foreign_stock' then '해외주식' when 'bond' then '채권'
                                    else '기타' end, '기타') as sector,
       round(sum(h.weight_pct), 2) as weight_pct, count(*) as holdings
from marts.fct_etf_holdings h
left join marts.dim_stock s on s.code = h.instrument_code
where h.etf_ticker = %(ticker)s and not h.is_cash
  and h.trade_date = (select max(trade_date) from marts.fct_etf_holdings
                      where etf_ticker = %(ticker)s and (%(as_of)s::date is null or trade_date <= %(as_of)s::date))
group by h.etf_ticker, h.trade_date, 3
order by sum(h.weight_pct) desc nulls last
limit %(limit)s

-- sql: sector mix of the ETF's holdings
select h.etf_ticker as ticker, e.name as etf_name, h.trade_date as holdings_date,
       coalesce(s.sector, case s.instrument_type when 'stock' then '업종 미분류' when 'future' then '선물'
                when 'option' then '옵션' when 'swap' then '스왑' when 'etf' then 'ETF'
                when 'foreign_stock' then '해외주식' when 'bond' then '채권' else '기타' end, '기타') as sector,
       round(sum(h.weight_pct), 2) as weight, count(*) as holdings
from marts.fct_etf_holdings h
join marts.dim_etf e on e.ticker = h.etf_ticker
left join marts.dim_stock s on s.code = h.instrument_code
where h.etf_ticker = %(p1)s::text and not h.is_cash and h.trade_date = (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = %(p1)s::text and trade_date <= coalesce(%(as_of)s::date, 'infinity'::date))
group by 1, 2, 3, 4
order by sum(h.weight_pct) desc nulls last
limit 10

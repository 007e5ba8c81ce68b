-- Other instruments of the same sector, the ones held by the most ETFs first (latest holdings date on/before as_of).
with d as (
    select max(trade_date) as trade_date from marts.fct_etf_holdings
    where %(as_of)s::date is null or trade_date <= %(as_of)s::date
)
select o.code, o.name, o.sector, o.market, count(h.etf_ticker) as holder_count
from marts.dim_stock s
join marts.dim_stock o on o.sector = s.sector and o.code <> s.code
cross join d
left join marts.fct_etf_holdings h on h.instrument_code = o.code and h.trade_date = d.trade_date
where s.code = %(code)s
group by o.code, o.name, o.sector, o.market
order by count(h.etf_ticker) desc, o.code
limit %(limit)s

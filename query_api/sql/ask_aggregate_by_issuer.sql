-- Per issuer: number of listed ETFs, average fee and total market cap, ranked by a named order.
select e.issuer_id, e.issuer_name, count(*) as etf_count, round(avg(e.total_fee_pct), 4) as avg_fee_pct,
       sum(p.market_cap_krw) as total_market_cap_krw, max(p.trade_date) as price_date
from marts.dim_etf e
left join lateral (
    select * from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker and (%(as_of)s::date is null or fp.trade_date <= %(as_of)s::date)
    order by fp.trade_date desc limit 1
) p on true
where e.is_listed
  and (%(issuers)s::text[] is null or e.issuer_id = any(%(issuers)s::text[]))
  and (%(leveraged)s::boolean is null or e.is_leveraged = %(leveraged)s::boolean)
  and (%(inverse)s::boolean is null or e.is_inverse = %(inverse)s::boolean)
  and (%(active)s::boolean is null or e.is_active = %(active)s::boolean)
group by e.issuer_id, e.issuer_name
order by
  case when %(sort)s = 'aum_desc' then sum(p.market_cap_krw) end desc nulls last,
  case when %(sort)s = 'fee_asc' then avg(e.total_fee_pct) end asc nulls last,
  case when %(sort)s = 'fee_desc' then avg(e.total_fee_pct) end desc nulls last,
  count(*) desc, e.issuer_id
limit %(limit)s

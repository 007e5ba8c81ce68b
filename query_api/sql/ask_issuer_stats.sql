-- Issuers side by side: listed ETFs, average fee, total market cap (latest price date on/before as_of).
select i.issuer_id, i.name, count(e.ticker) as etf_count, round(avg(e.total_fee_pct), 4) as avg_fee_pct,
       sum(p.market_cap_krw) as total_market_cap_krw, max(p.trade_date) as price_date
from unnest(%(issuers)s::text[]) with ordinality as t(issuer_id, ord)
join marts.dim_issuer i on i.issuer_id = t.issuer_id
left join marts.dim_etf e on e.issuer_id = i.issuer_id and e.is_listed
left join lateral (
    select * from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker and (%(as_of)s::date is null or fp.trade_date <= %(as_of)s::date)
    order by fp.trade_date desc limit 1
) p on true
group by i.issuer_id, i.name, t.ord
order by t.ord

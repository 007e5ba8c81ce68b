-- Count, fee statistics and total market cap of the listed ETFs matching optional conditions.
select count(*) as etf_count,
       round(avg(e.total_fee_pct), 4) as avg_fee_pct,
       min(e.total_fee_pct) as min_fee_pct,
       max(e.total_fee_pct) as max_fee_pct,
       sum(p.market_cap_krw) as total_market_cap_krw,
       max(p.trade_date) as price_date
from marts.dim_etf e
left join lateral (
    select * from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker and (%(as_of)s::date is null or fp.trade_date <= %(as_of)s::date)
    order by fp.trade_date desc limit 1
) p on true
where e.is_listed
  and (%(issuers)s::text[] is null or e.issuer_id = any(%(issuers)s::text[]))
  and (%(brands)s::text[] is null or e.brand = any(%(brands)s::text[]))
  and (%(indexes)s::text[] is null or e.index_id = any(%(indexes)s::text[]))
  and (%(tags)s::text[] is null or exists (
        select 1 from marts.bridge_etf_tag b where b.etf_ticker = e.ticker and b.tag = any(%(tags)s::text[])))
  and (%(leveraged)s::boolean is null or e.is_leveraged = %(leveraged)s::boolean)
  and (%(inverse)s::boolean is null or e.is_inverse = %(inverse)s::boolean)
  and (%(active)s::boolean is null or e.is_active = %(active)s::boolean)
  and (%(replication)s::text is null or e.replication = %(replication)s::text)
  and (%(market)s::text is null or e.market = %(market)s::text)
  and (%(asset_class)s::text is null or e.asset_class = %(asset_class)s::text)
  and (%(fee_max)s::numeric is null or e.total_fee_pct <= %(fee_max)s::numeric)
  and (%(fee_min)s::numeric is null or e.total_fee_pct >= %(fee_min)s::numeric)
  and (%(listed_after)s::date is null or e.listing_date >= %(listed_after)s::date)
  and (%(listed_before)s::date is null or e.listing_date < %(listed_before)s::date)

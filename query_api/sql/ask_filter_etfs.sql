-- ETFs matching optional conditions (each a nullable parameter), sorted by a named order; total_count counts all.
select e.ticker, e.name, e.issuer_name, e.brand, e.index_name, e.total_fee_pct, e.is_leveraged, e.is_inverse,
       e.leverage_factor, e.is_active, e.replication, e.market, e.asset_class, e.listing_date,
       p.trade_date as price_date, p.close_price, p.market_cap_krw, p.traded_value_krw, p.volume,
       count(*) over () as total_count
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
  and (%(tickers)s::text[] is null or e.ticker = any(%(tickers)s::text[]))
  and (%(leveraged)s::boolean is null or e.is_leveraged = %(leveraged)s::boolean)
  and (%(inverse)s::boolean is null or e.is_inverse = %(inverse)s::boolean)
  and (%(active)s::boolean is null or e.is_active = %(active)s::boolean)
  and (%(replication)s::text is null or e.replication = %(replication)s::text)
  and (%(market)s::text is null or e.market = %(market)s::text)
  and (%(asset_class)s::text is null or e.asset_class = %(asset_class)s::text)
  and (%(fee_max)s::numeric is null or e.total_fee_pct <= %(fee_max)s::numeric)
  and (%(fee_min)s::numeric is null or e.total_fee_pct >= %(fee_min)s::numeric)
  and (%(aum_min)s::numeric is null or p.market_cap_krw >= %(aum_min)s::numeric)
  and (%(aum_max)s::numeric is null or p.market_cap_krw <= %(aum_max)s::numeric)
  and (%(traded_min)s::numeric is null or p.traded_value_krw >= %(traded_min)s::numeric)
  and (%(listed_after)s::date is null or e.listing_date >= %(listed_after)s::date)
  and (%(listed_before)s::date is null or e.listing_date < %(listed_before)s::date)
order by
  case when %(sort)s = 'fee_asc' then e.total_fee_pct end asc nulls last,
  case when %(sort)s = 'fee_desc' then e.total_fee_pct end desc nulls last,
  case when %(sort)s = 'aum_asc' then p.market_cap_krw end asc nulls last,
  case when %(sort)s = 'aum_desc' then p.market_cap_krw end desc nulls last,
  case when %(sort)s = 'volume_desc' then p.traded_value_krw end desc nulls last,
  case when %(sort)s = 'volume_asc' then p.traded_value_krw end asc nulls last,
  case when %(sort)s = 'listing_desc' then e.listing_date end desc nulls last,
  case when %(sort)s = 'listing_asc' then e.listing_date end asc nulls last,
  case when %(sort)s = 'return_desc' then p.change_pct end desc nulls last,
  case when %(sort)s = 'return_asc' then p.change_pct end asc nulls last,
  p.market_cap_krw desc nulls last, e.ticker
limit %(limit)s

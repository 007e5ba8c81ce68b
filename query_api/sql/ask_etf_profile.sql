-- ETF facts for answers: master data, the latest price on/before as_of, return over the loaded price window,
-- and the latest holdings date/size on/before as_of. Rows in the order of %(tickers)s.
select e.ticker, e.name, e.full_name, e.english_name, e.isin, e.brand, e.issuer_id, e.issuer_name,
       e.index_id, e.index_name, e.index_provider, e.tracking_multiple, e.leverage_factor, e.is_leveraged,
       e.is_inverse, e.is_active, e.replication, e.asset_class, e.market, e.total_fee_pct, e.ter_pct,
       e.listing_date, e.cu_qty, e.listed_units, e.tax_type, e.is_listed, e.master_as_of,
       p.trade_date as price_date, p.close_price, p.nav, p.change_pct, p.volume, p.traded_value_krw,
       p.market_cap_krw,
       r.first_date as return_from, r.first_close as return_base_price,
       case when r.first_close > 0 then round((p.close_price / r.first_close - 1) * 100, 2) end as return_pct,
       h.trade_date as holdings_date, h.holdings_count, h.top10_weight_pct
from unnest(%(tickers)s::text[]) with ordinality as t(ticker, ord)
join marts.dim_etf e on e.ticker = t.ticker
left join lateral (
    select * from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker and (%(as_of)s::date is null or fp.trade_date <= %(as_of)s::date)
    order by fp.trade_date desc limit 1
) p on true
left join lateral (
    select fp.trade_date as first_date, fp.close_price as first_close from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker and fp.close_price > 0
    order by fp.trade_date limit 1
) r on true
left join lateral (
    select d.trade_date, count(*) as holdings_count,
           sum(x.weight_pct) filter (where x.rn <= 10) as top10_weight_pct
    from (select max(trade_date) as trade_date from marts.fct_etf_holdings
          where etf_ticker = e.ticker and (%(as_of)s::date is null or trade_date <= %(as_of)s::date)) d
    join lateral (
        select fh.weight_pct, row_number() over (order by fh.weight_pct desc nulls last) as rn
        from marts.fct_etf_holdings fh
        where fh.etf_ticker = e.ticker and fh.trade_date = d.trade_date and not fh.is_cash
    ) x on true
    group by d.trade_date
) h on true
order by t.ord

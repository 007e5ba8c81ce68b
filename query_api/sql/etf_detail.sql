-- One ETF with its latest price row and the date and size of its latest holdings.
select e.ticker, e.isin, e.name, e.full_name, e.english_name, e.brand, e.issuer_id, e.issuer_name,
       e.index_id, e.index_name, e.index_provider, e.tracking_multiple, e.leverage_factor, e.is_leveraged,
       e.is_inverse, e.replication, e.is_active, e.asset_class, e.market, e.total_fee_pct, e.ter_pct,
       e.listing_date, e.cu_qty, e.listed_units, e.tax_type, e.is_listed, e.master_as_of,
       p.trade_date as price_date, p.close_price, p.nav, p.change_pct, p.volume, p.traded_value_krw,
       p.market_cap_krw,
       h.trade_date as holdings_date, h.holdings_count
from marts.dim_etf e
left join lateral (
    select * from marts.fct_etf_prices fp
    where fp.etf_ticker = e.ticker
    order by fp.trade_date desc limit 1
) p on true
left join lateral (
    select fh.trade_date, count(*) as holdings_count from marts.fct_etf_holdings fh
    where fh.etf_ticker = e.ticker
      and fh.trade_date = (select max(trade_date) from marts.fct_etf_holdings x where x.etf_ticker = e.ticker)
    group by fh.trade_date
) h on true
where e.ticker = %(ticker)s

-- What the graph should hold for %(as_of)s, counted straight from the marts (independently of the load SQL).
with held as (
    select h.etf_ticker, h.instrument_code, h.shares, h.value_krw
    from marts.fct_etf_holdings as h
    where h.trade_date = %(as_of)s
),
quotes as (
    select p.etf_ticker, p.close_price from marts.fct_etf_prices as p where p.trade_date = %(as_of)s
),
edges as (
    select held.* from held
    where etf_ticker in (select ticker from marts.dim_etf)
      and instrument_code in (select code from marts.dim_stock)
),
held_stock as (
    select s.code, s.sector from marts.dim_stock as s where s.code in (select instrument_code from held)
)
select
    (select count(*) from marts.dim_etf) as "ETF",
    (select count(*) from held_stock) as "Stock",
    (select count(*) from marts.dim_issuer) as "Issuer",
    (select count(*) from marts.dim_index) as "Index",
    (select count(*) from marts.dim_sector) as "Sector",
    (select count(*) from marts.dim_tag) as "Tag",
    (select count(*) from edges) as "HOLDS",
    (select count(*) from marts.dim_etf as e join marts.dim_issuer as i on i.issuer_id = e.issuer_id) as "MANAGED_BY",
    (select count(*) from marts.dim_etf as e join marts.dim_index as x on x.index_id = e.index_id) as "TRACKS",
    (select count(*) from held_stock as s join marts.dim_sector as c on c.sector_id = s.sector) as "IN_SECTOR",
    (select count(*) from marts.bridge_etf_tag as b
        where b.etf_ticker in (select ticker from marts.dim_etf)
          and b.tag in (select tag from marts.dim_tag)) as "TAGGED",
    (select count(*) from marts.mart_etf_overlap as o
        where o.as_of = %(as_of)s
          and o.etf_ticker in (select ticker from marts.dim_etf)
          and o.other_ticker in (select ticker from marts.dim_etf)) as "SIMILAR_TO",
    (select count(*) from held) as holdings_rows,
    -- Same-day valuation: ETF vertices with a quote of the date; HOLDS edges by where their value comes from.
    (select count(*) from marts.dim_etf as e where e.ticker in (select etf_ticker from quotes)) as "priced_ETF",
    (select count(*) from edges where value_krw is not null) as "HOLDS_holdings_file",
    (select count(*) from edges
        where value_krw is null and shares is not null
          and instrument_code in (select etf_ticker from quotes where close_price is not null)) as "HOLDS_shares_x_close",
    (select count(*) from marts.mart_etf_overlap where as_of = %(as_of)s) as overlap_rows,
    (select max(trade_date) from marts.fct_etf_holdings) as marts_latest_date

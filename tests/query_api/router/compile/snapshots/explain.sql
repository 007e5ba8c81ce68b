-- sql: what the data holds about the ETF
select e.ticker, e.name, e.leverage_factor as multiple, e.is_leveraged, e.is_inverse, e.is_active,
       e.total_fee_pct as fee, e.asset_class, e.market, e.index_name, e.replication,
       hx.holdings_date, hx.holding_count, hx.top10_weight, hx.top
from marts.dim_etf e
left join lateral (
    select d.d as holdings_date, count(*) as holding_count,
           round(sum(x.weight_pct) filter (where x.rn <= 10), 2) as top10_weight,
           json_agg(json_build_object('code', x.instrument_code, 'name', x.instrument_name, 'weight', x.weight_pct)
                    order by x.rn) filter (where x.rn <= 3) as top
    from (select max(trade_date) as d from marts.fct_etf_holdings
          where etf_ticker = e.ticker and trade_date <= coalesce(%(as_of)s::date, 'infinity'::date)) d
    join lateral (
        select fh.instrument_code, fh.instrument_name, fh.weight_pct,
               row_number() over (order by fh.weight_pct desc nulls last, fh.instrument_code) as rn
        from marts.fct_etf_holdings fh
        where fh.etf_ticker = e.ticker and fh.trade_date = d.d and not fh.is_cash
    ) x on true
    group by d.d
) hx on true
where e.ticker = any(array[%(p1)s::text])
order by array_position(array[%(p1)s::text], e.ticker)

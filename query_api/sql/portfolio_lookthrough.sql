-- Look-through: each position's KRW amount spread over its ETF's holdings by weight, summed per instrument.
with positions as (
    select * from unnest(%(tickers)s::text[], %(amounts)s::numeric[], %(dates)s::date[]) as p(ticker, amount_krw, trade_date)
),
spread as (
    select h.instrument_code, h.instrument_name, h.is_cash, p.ticker, p.amount_krw * h.weight_pct / 100.0 as amount_krw
    from positions p
    join marts.fct_etf_holdings h on h.etf_ticker = p.ticker and h.trade_date = p.trade_date
    where h.weight_pct is not null
)
select s.instrument_code, max(s.instrument_name) as instrument_name, bool_or(s.is_cash) as is_cash,
       max(d.instrument_type) as instrument_type, max(d.sector) as sector,
       sum(s.amount_krw) as amount_krw,
       jsonb_agg(jsonb_build_object('ticker', s.ticker, 'amount_krw', round(s.amount_krw, 0)) order by s.amount_krw desc) as via
from spread s
left join marts.dim_stock d on d.code = s.instrument_code
group by s.instrument_code
order by sum(s.amount_krw) desc
limit %(limit)s

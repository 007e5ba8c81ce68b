"""Compilers of the holdings-level nodes: Holdings, Holders, SectorMix, Overlap, TopStocks, SameSector, Similar.
Similar of a named ETF goes to the graph (SIMILAR_TO edges) when the graph holds the date asked; the rest
read marts.fct_etf_holdings / fct_holding_changes (see the README's "SQL or Cypher" for why)."""

from __future__ import annotations

from query_api.router import ir
from query_api.router.compile.model import Builder, Channel, Ctx, Source, Statement
from query_api.router.compile.nodes_etf import _selects, tables
from query_api.router.compile.registry import MEASURES, OPS
from query_api.router.compile.sets import (
    BODIES,
    CompileError,
    constraint_sources,
    etf_ref,
    holdings_date,
    joins,
    limit_of,
    set_conditions,
    sources_of,
    stock_ref,
    where,
)

HOLDINGS = ("marts.fct_etf_holdings", "holdings_date")
WEIGHT_AGGS = {  # a stock's weight across its holders, as window functions (median has no window form)
    ir.Agg.AVG: "round(avg(h.weight_pct) over (), 4)",
    ir.Agg.SUM: "sum(h.weight_pct) over ()",
    ir.Agg.MIN: "min(h.weight_pct) over ()",
    ir.Agg.MAX: "max(h.weight_pct) over ()",
}


def _etf_holdings_date(b: Builder, ref: str, time: ir.TimeScope) -> str:
    """One ETF's latest holdings date on or before the date asked, or the period's end (its own, not the market's)."""
    return (
        f"(select max(trade_date) from marts.fct_etf_holdings where etf_ticker = {ref}"
        f" and trade_date <= coalesce({b.as_of(time.as_of or time.end)}, 'infinity'::date))"  # 9월 보유종목: its end
    )


# -- Holdings -----
def holdings_body(q: ir.Holdings, b: Builder, limit: int | None = None) -> str:
    ref = etf_ref(b, q.etf)
    n = limit_of(q.limit, limit, 10)
    return f"""select x.code, x.name, x.weight, x.rank, x.holdings_date, x.total_count, x.total_weight,
       e.ticker, e.name as etf_name
from (
    select fh.instrument_code as code, fh.instrument_name as name, fh.weight_pct as weight,
           fh.trade_date as holdings_date, fh.etf_ticker,
           row_number() over (order by fh.weight_pct desc nulls last, fh.instrument_code) as rank,
           count(*) over () as total_count, round(sum(fh.weight_pct) over (), 2) as total_weight
    from marts.fct_etf_holdings fh
    where fh.etf_ticker = {ref} and not fh.is_cash and fh.trade_date = {_etf_holdings_date(b, ref, q.time)}
) x
join marts.dim_etf e on e.ticker = x.etf_ticker
order by x.rank
limit {b.param(n, "int")}"""


def holdings(q: ir.Holdings, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    body = holdings_body(q, b)
    srcs = (HOLDINGS, ("marts.dim_etf", None))
    return [Statement(Channel.SQL, "constituents of the ETF by weight", b.sql(body), b.params, tables=srcs)]


# -- Holders -----
def holders_body(q: ir.Holders, b: Builder, limit: int | None = None) -> str:
    stock = stock_ref(b, q.stock)
    hd = holdings_date(b, q.time.as_of)
    measures = (q.sort.measure,) if q.sort else ()
    priced = {Source.PRICE} if q.sort else set()  # ties of a sorted figure go to the larger ETF (as lists do)
    join_sql, cols = joins(b, sources_of(measures) | constraint_sources(q.etfs) | priced, q.time)
    conds = [f"h.trade_date = {hd}", f"h.instrument_code = {stock}", *set_conditions(b, q.etfs, q.time, dated=True)]
    if q.op is not None and q.weight is not None:
        conds.append(f"h.weight_pct {OPS[q.op]} {b.param(q.weight, 'numeric')}")
        if q.op in (ir.Op.LT, ir.Op.LE):  # held with a positive weight below the threshold
            conds.append("h.weight_pct > 0")
    order = []
    if q.sort is not None:
        order.append(f"{MEASURES[q.sort.measure].expr} {'desc' if q.sort.descending else 'asc'} nulls last")
        order.append("p.market_cap_krw desc nulls last")
    else:
        order.append("h.weight_pct desc nulls last")
    order.append("e.ticker")
    n = limit_of(q.limit, limit, 10)
    sel = [
        "h.weight_pct as weight",
        "h.instrument_code as stock_code",
        "h.instrument_name as stock_name",
        f"{hd} as holdings_date",
        *_selects(measures),
        *cols,
        "count(*) over () as total_count",
    ]
    if q.agg is not None:  # over every holder (a window runs before the limit)
        if q.agg not in WEIGHT_AGGS:
            raise CompileError(f"{q.agg.value} of a stock's weight across its holders is not supported")
        sel.append(f"{WEIGHT_AGGS[q.agg]} as agg_weight")
    return (
        f"select e.ticker, e.name, {', '.join(dict.fromkeys(sel))}\n"
        "from marts.fct_etf_holdings h\njoin marts.dim_etf e on e.ticker = h.etf_ticker\n"
        f"{join_sql}\n{where(conds)}\norder by {', '.join(order)}\nlimit {b.param(n, 'int')}"
    )


def holders(q: ir.Holders, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    body = holders_body(q, b)
    measures = (q.sort.measure,) if q.sort else ()
    priced = {Source.PRICE} if q.sort else set()
    srcs = tables(sources_of(measures) | constraint_sources(q.etfs) | priced | {Source.HOLDINGS})
    return [Statement(Channel.SQL, "ETFs holding the stock, by weight", b.sql(body), b.params, tables=srcs)]


# -- Similar -----
SIMILAR_CYPHER = """MATCH (b:ETF {ticker: $ticker})-[r:SIMILAR_TO]->(o:ETF)
RETURN o.ticker AS ticker, o.name AS name, r.overlap AS overlap, r.rank AS rank, b.ticker AS base_ticker,
       b.name AS base_name
ORDER BY r.rank
LIMIT $limit"""
SIMILAR_COLUMNS = ("ticker", "name", "overlap", "rank", "base_ticker", "base_name")


def graph_holds(ctx: Ctx, day: ir.date | None = None) -> bool:
    """The graph answers for the date asked: it was built for the latest holdings date, and that is the date asked."""
    asked = day or ctx.as_of
    if not ctx.use_graph or ctx.graph_as_of is None or ctx.graph_as_of != ctx.latest_holdings:
        return False
    return asked is None or asked >= ctx.graph_as_of


def similar_body(q: ir.Similar, b: Builder, limit: int | None = None) -> str:
    ref = etf_ref(b, q.etf)
    n = limit_of(q.limit, limit, 5)
    return f"""select o.other_ticker as ticker, e.name, o.overlap_pct as overlap, o.common_count, o.rank,
       o.as_of, o.etf_ticker as base_ticker, base.name as base_name
from marts.mart_etf_overlap o
join marts.dim_etf e on e.ticker = o.other_ticker
join marts.dim_etf base on base.ticker = o.etf_ticker
where o.etf_ticker = {ref}
order by o.rank
limit {b.param(n, "int")}"""


def similar(q: ir.Similar, ctx: Ctx) -> list[Statement]:
    n = limit_of(q.limit, None, 5)
    if isinstance(q.etf, ir.EtfNamed) and graph_holds(ctx):
        label = f"graph etf_graph as of {ctx.graph_as_of}"
        params = {"ticker": q.etf.ticker, "limit": n}
        return [
            Statement(
                Channel.CYPHER,
                "ETFs most similar by holdings (SIMILAR_TO)",
                SIMILAR_CYPHER,
                params,
                SIMILAR_COLUMNS,
                tables=((label, None),),
            )
        ]
    b = Builder(ctx)
    body = similar_body(q, b)
    srcs = (("marts.mart_etf_overlap", "as_of"), ("marts.dim_etf", None))
    return [Statement(Channel.SQL, "ETFs most similar by holdings overlap", b.sql(body), b.params, tables=srcs)]


# -- SectorMix / Overlap -----
def sector_mix(q: ir.SectorMix, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    ref = etf_ref(b, q.etf)
    body = f"""select h.etf_ticker as ticker, e.name as etf_name, h.trade_date as holdings_date,
       coalesce(s.sector, case s.instrument_type when 'stock' then '업종 미분류' when 'future' then '선물'
                when 'option' then '옵션' when 'swap' then '스왑' when 'etf' then 'ETF'
                when 'foreign_stock' then '해외주식' when 'bond' then '채권' else '기타' end, '기타') as sector,
       round(sum(h.weight_pct), 2) as weight, count(*) as holdings
from marts.fct_etf_holdings h
join marts.dim_etf e on e.ticker = h.etf_ticker
left join marts.dim_stock s on s.code = h.instrument_code
where h.etf_ticker = {ref} and not h.is_cash and h.trade_date = {_etf_holdings_date(b, ref, q.time)}
group by 1, 2, 3, 4
order by sum(h.weight_pct) desc nulls last
limit 10"""
    srcs = (HOLDINGS, ("marts.dim_stock", None))
    return [Statement(Channel.SQL, "sector mix of the ETF's holdings", b.sql(body), b.params, tables=srcs)]


def overlap(q: ir.Overlap, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    a, c = etf_ref(b, q.a), etf_ref(b, q.b)
    none = ir.TimeScope()
    b.cte(
        "ha",
        "select instrument_code, instrument_name, weight_pct, trade_date from marts.fct_etf_holdings\n"
        f"where etf_ticker = {a} and not is_cash and trade_date = {_etf_holdings_date(b, a, none)}",
    )
    b.cte(
        "hb",
        "select instrument_code, weight_pct from marts.fct_etf_holdings\n"
        f"where etf_ticker = {c} and not is_cash and trade_date = {_etf_holdings_date(b, c, none)}",
    )
    b.cte(
        "common",
        "select ha.instrument_code, ha.instrument_name, ha.weight_pct as weight_a, hb.weight_pct as weight_b,\n"
        "       least(ha.weight_pct, hb.weight_pct) as min_weight\nfrom ha join hb using (instrument_code)",
    )
    body = f"""select ea.ticker as ticker_a, ea.name as name_a, eb.ticker as ticker_b, eb.name as name_b,
       (select max(trade_date) from ha) as holdings_date,
       (select round(coalesce(sum(min_weight), 0), 2) from common) as overlap_pct,
       (select count(*) from common) as common_count,
       (select count(*) from ha) as count_a, (select count(*) from hb) as count_b,
       c.instrument_code as code, c.instrument_name as stock_name, c.weight_a, c.weight_b
from marts.dim_etf ea
join marts.dim_etf eb on eb.ticker = {c}
left join lateral (select * from common order by min_weight desc nulls last limit 5) c on true
where ea.ticker = {a}"""
    srcs = (HOLDINGS, ("marts.dim_etf", None))
    return [Statement(Channel.SQL, "common holdings of the two ETFs", b.sql(body), b.params, tables=srcs)]


# -- TopStocks / SameSector -----
def top_stocks_body(q: ir.TopStocks, b: Builder, limit: int | None = None) -> str:
    time = ir.TimeScope()
    hd = holdings_date(b)
    join_sql, _ = joins(b, constraint_sources(q.etfs), time)
    conds = [f"h.trade_date = {hd}", "not h.is_cash", *set_conditions(b, q.etfs, time, dated=True)]
    if q.market is not None:
        join_sql = "join marts.dim_stock sm on sm.code = h.instrument_code\n" + join_sql
        conds.append(f"sm.market = {b.param(q.market, 'text')}")
    n = limit_of(q.limit, limit, 5)
    return (
        "select h.instrument_code as code, max(h.instrument_name) as name, count(*) as etf_count,\n"
        f"       round(sum(h.weight_pct), 2) as total_weight, {hd} as holdings_date\n"
        "from marts.fct_etf_holdings h\njoin marts.dim_etf e on e.ticker = h.etf_ticker\n"
        f"{join_sql}\n{where(conds)}\ngroup by h.instrument_code\n"
        f"order by count(*) desc, sum(h.value_krw) desc nulls last, 1\nlimit {b.param(n, 'int')}"
    )


def top_stocks(q: ir.TopStocks, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    body = top_stocks_body(q, b)
    srcs = tables(constraint_sources(q.etfs) | {Source.HOLDINGS})
    if q.market is not None:
        srcs = (*srcs, ("marts.dim_stock", None))
    return [Statement(Channel.SQL, "stocks held by the most ETFs of the set", b.sql(body), b.params, tables=srcs)]


def same_sector(q: ir.SameSector, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    stock = stock_ref(b, q.stock)
    hd = holdings_date(b)
    n = limit_of(q.limit, None, 10)
    # Each peer's holders counted by its own index lookup (instrument_code, trade_date): a join then GROUP BY read
    # every holding of the date (~30k rows, ~9 ms) for a sector of a dozen stocks (the same rows in ~1.3 ms).
    body = f"""select o.code, o.name, o.sector, o.market, hc.holder_count,
       s.code as base_code, s.name as base_name, {hd} as holdings_date
from marts.dim_stock s
join marts.dim_stock o on o.sector = s.sector and o.code <> s.code
cross join lateral (
    select count(*) as holder_count from marts.fct_etf_holdings h
    where h.instrument_code = o.code and h.trade_date = {hd}
) hc
where s.code = {stock}
order by hc.holder_count desc, o.code
limit {b.param(n, "int")}"""
    srcs = (("marts.dim_stock", None), HOLDINGS)
    return [Statement(Channel.SQL, "other stocks of the same sector", b.sql(body), b.params, tables=srcs)]


BODIES[ir.Holdings] = holdings_body
BODIES[ir.Holders] = holders_body
BODIES[ir.Similar] = similar_body
BODIES[ir.TopStocks] = top_stocks_body

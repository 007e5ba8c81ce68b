"""Compilers of the ETF-level nodes: Lookup, StockLookup, ListEtfs, Aggregate, Compare, Explain."""

from __future__ import annotations

import dataclasses
import re

from query_api.router import ir
from query_api.router.compile.model import Builder, Channel, Ctx, Source, Statement, Unit
from query_api.router.compile.registry import AGGS, DIMENSIONS, MEASURES, OPS
from query_api.router.compile.sets import (
    BODIES,
    CompileError,
    etf_refs_array,
    holdings_date,
    joins,
    limit_of,
    measure_expr,
    price_date,
    return_join,
    set_conditions,
    set_sources,
    sources_of,
    stock_ref,
    stock_refs_array,
    where,
)

M = ir.Measure
PROFILE = (M.ISSUER, M.INDEX, M.FEE, M.CLOSE, M.MARKET_CAP)  # a Lookup that names no measure
LIST_DEFAULT = 20
_PRICE_ALIAS = re.compile(r"\bp\.")


def tables(sources: set[Source], extra: tuple[tuple[str, str | None], ...] = ()) -> tuple[tuple[str, str | None], ...]:
    out: list[tuple[str, str | None]] = [("marts.dim_etf", None)]
    if Source.PRICE in sources:
        out.append(("marts.fct_etf_prices", "price_date"))
    if Source.RETURN in sources:
        out.append(("marts.fct_etf_prices", "return_start..return_end"))
    if Source.HOLDINGS in sources:
        out.append(("marts.fct_etf_holdings", "holdings_date"))
    return (*out, *extra)


def _selects(measures: tuple[ir.Measure, ...], time: ir.TimeScope | None = None) -> list[str]:
    scope = time or ir.TimeScope()
    return [f"{measure_expr(m, scope)} as {m.value}" for m in dict.fromkeys(measures)]


def _cols(cols: list[str], extra: list[str] | None = None) -> str:
    return ", ".join(dict.fromkeys([*cols, *(extra or [])]))


# -- Lookup ---------------------------------------------------------------------------------------------------------
def lookup(q: ir.Lookup, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    measures = q.measures or (() if q.weight_of else PROFILE)
    refs = etf_refs_array(b, q.etfs)
    sources = sources_of(measures)
    join_sql, cols = joins(b, sources, q.time)
    sel = _selects(measures, q.time)
    extra: tuple[tuple[str, str | None], ...] = ()
    if q.time.compare_to is not None and Source.PRICE in sources:
        then = price_date(b, q.time.compare_to)
        join_sql += f"\nleft join marts.fct_etf_prices p0 on p0.etf_ticker = e.ticker and p0.trade_date = {then}"
        sel += [
            f"{_PRICE_ALIAS.sub('p0.', MEASURES[m].expr)} as {m.value}_then"
            for m in measures
            if MEASURES[m].source is Source.PRICE
        ]
        cols.append(f"{then} as price_date_then")
        extra = (("marts.fct_etf_prices", "price_date_then"),)
    for i, window in enumerate(q.also_windows, start=1):  # 1주랑 한 달: one more return join per window
        join_sql += "\n" + return_join(b, ir.TimeScope(window=window), alias=f"r{i}")
        sel += [f"r{i}.{c} as {c}_{window.value}" for c in ("return_pct", "return_start", "return_end")]
    if q.weight_of is not None:
        stock = stock_ref(b, q.weight_of)
        hd = holdings_date(b, q.time.as_of)
        join_sql += (
            "\nleft join marts.fct_etf_holdings w on w.etf_ticker = e.ticker"
            f" and w.trade_date = {hd} and w.instrument_code = {stock}"
        )
        sel += [
            "w.weight_pct as weight",
            f"{stock} as stock_code",
            f"coalesce(w.instrument_name, (select s.name from marts.dim_stock s where s.code = {stock})) as stock_name",
        ]
        cols.append(f"{hd} as holdings_date")
        sources = sources | {Source.HOLDINGS}
    body = (
        f"select t.ord, e.ticker, e.name, {_cols(sel + cols)}\n"
        f"from unnest({refs}) with ordinality as t(ticker, ord)\n"
        "join marts.dim_etf e on e.ticker = t.ticker\n"
        f"{join_sql}\norder by t.ord"
    )
    purpose = "figures of the named ETFs" + (" and a stock's weight in each" if q.weight_of else "")
    return [Statement(Channel.SQL, purpose, b.sql(body), b.params, tables=tables(sources, extra))]


# -- StockLookup ------------------------------------------------------------------------------------------------------
def stock_lookup(q: ir.StockLookup, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    refs = stock_refs_array(b, q.stocks)
    cols = ["s.code", "s.name", "s.instrument_type", "s.market", "s.sector", "s.listing_date"]
    # the name the latest holdings file gives it: a company renamed since (브릿지바이오 → 파라택시스) is said both ways
    cols.append(
        "(select h.instrument_name from marts.fct_etf_holdings h where h.instrument_code = s.code"
        " order by h.trade_date desc limit 1) as held_as"
    )
    srcs: tuple[tuple[str, str | None], ...] = (("marts.dim_stock", None),)
    if q.holder_count:
        hd = holdings_date(b)
        cols += [
            f"{hd} as holdings_date",
            "(select count(*) from marts.fct_etf_holdings h"
            f" where h.instrument_code = s.code and h.trade_date = {hd}) as holder_count",
            "(select max(h.weight_pct) from marts.fct_etf_holdings h"
            f" where h.instrument_code = s.code and h.trade_date = {hd}) as max_weight",
        ]
        srcs += (("marts.fct_etf_holdings", "holdings_date"),)
    body = (
        f"select t.ord, {', '.join(cols)}\n"
        f"from unnest({refs}) with ordinality as t(code, ord)\n"
        "join marts.dim_stock s on s.code = t.code\norder by t.ord"
    )
    return [Statement(Channel.SQL, "facts of the named stocks", b.sql(body), b.params, tables=srcs)]


# -- ListEtfs ---------------------------------------------------------------------------------------------------------
def _list_measures(q: ir.ListEtfs) -> tuple[ir.Measure, ...]:
    extra = (q.sort.measure,) if q.sort else ()
    extra += tuple(c.measure for c in q.etfs.constraints if isinstance(c, ir.Cond | ir.CondThan))
    return tuple(dict.fromkeys((*q.measures, *extra)))


def implied_sort(etfs: ir.EtfSet) -> ir.Sort | None:
    """A set named by a threshold and no order is shown by that figure: "보수 0.1% 이하" → cheapest first."""
    for c in etfs.constraints:
        if isinstance(c, ir.Cond | ir.CondThan) and MEASURES[c.measure].numeric and c.op not in (ir.Op.EQ, ir.Op.NE):
            return ir.Sort(c.measure, descending=c.op in (ir.Op.GT, ir.Op.GE))
    return None


def held_stocks(etfs: ir.EtfSet) -> tuple[ir.StockRef, ...]:
    return tuple(c.stock for c in etfs.constraints if isinstance(c, ir.HoldsStock) and not c.negate)


def list_body(q: ir.ListEtfs, b: Builder, limit: int | None = None) -> str:
    measures = _list_measures(q)
    sources = sources_of(measures) | {Source.PRICE}  # the default order: largest market cap first
    join_sql, cols = joins(b, sources, q.time)
    conds = set_conditions(b, q.etfs, q.time)
    cols += set_sources(b, q.etfs, q.time)[0]
    order, sort, held = [], q.sort or implied_sort(q.etfs), held_stocks(q.etfs)
    if sort is not None:
        order.append(f"{measure_expr(sort.measure, q.time)} {'desc' if sort.descending else 'asc'} nulls last")
    elif held:  # ETFs that hold stocks: the ones where they weigh most first
        codes = ", ".join(stock_ref(b, s) for s in held)
        join_sql += (
            "\nleft join lateral (select sum(hw.weight_pct) as held_weight from marts.fct_etf_holdings hw"
            f" where hw.trade_date = {holdings_date(b, q.time.as_of)} and hw.etf_ticker = e.ticker"
            f" and hw.instrument_code = any(array[{codes}])) hw on true"
        )
        cols.append("hw.held_weight")
        order.append("hw.held_weight desc nulls last")
    order += ["p.market_cap_krw desc nulls last", "e.ticker"]
    n = limit_of(q.limit, limit, LIST_DEFAULT)
    sel = [*_selects(measures, q.time), "p.market_cap_krw as market_cap", *cols, "count(*) over () as total_count"]
    return (
        f"select e.ticker, e.name, {_cols(sel)}\nfrom marts.dim_etf e\n{join_sql}\n{where(conds)}\n"
        f"order by {', '.join(order)}\nlimit {b.param(n, 'int')}"
    )


def list_etfs(q: ir.ListEtfs, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    body = list_body(q, b)
    sources = sources_of(_list_measures(q)) | {Source.PRICE}
    return [
        Statement(Channel.SQL, "ETFs of the set, sorted and limited", b.sql(body), b.params, tables=tables(sources))
    ]


# -- Aggregate / Compare ---------------------------------------------------------------------------------------------
def _agg_expr(agg: ir.Agg, measure: ir.Measure | None) -> str:
    if measure is None or agg is ir.Agg.COUNT:
        if measure is None:
            return "count(*)"
        spec = MEASURES[measure]  # 운용사 몇 곳: the distinct values of a name; a figure counts the ETFs that have one
        return f"count({spec.expr})" if spec.numeric else f"count(distinct {spec.expr})"
    spec = MEASURES[measure]
    if not spec.numeric and not (spec.unit is Unit.DATE and agg in (ir.Agg.MIN, ir.Agg.MAX)):
        raise CompileError(f"{agg.value} of {measure.value} ({spec.unit.value}) is not a figure")
    return AGGS[agg].format(x=MEASURES[measure].expr)


def _aggregated(cols: list[str]) -> list[str]:
    out = []
    for col in cols:
        expr, _, alias = col.rpartition(" as ")
        out.append(f"max({expr}) as {alias}" if expr else f"max({col}) as {col.split('.')[-1]}")
    return out


def aggregate(q: ir.Aggregate, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    sources = sources_of([q.measure] if q.measure else []) | {
        MEASURES[c.measure].source for c in q.etfs.constraints if isinstance(c, ir.Cond | ir.CondThan)
    }
    join_sql, cols = joins(b, sources, q.time)
    conds = set_conditions(b, q.etfs, q.time)
    set_cols, set_labels = set_sources(b, q.etfs, q.time)
    value = _agg_expr(q.agg, q.measure)
    more = [f"{_agg_expr(g, q.measure)} as value_{g.value}" for g in q.also if g is not q.agg]
    if q.group_by is not None and q.agg in (ir.Agg.MIN, ir.Agg.MAX) and q.measure is not None and not q.also:
        # 운용사별 시총 1위 ETF: the ETF that holds each group's extreme, named beside it
        order = f"{MEASURES[q.measure].expr} {'desc' if q.agg is ir.Agg.MAX else 'asc'} nulls last, e.ticker"
        more += [f"(array_agg(e.{c} order by {order}))[1] as top_{c}" for c in ("ticker", "name")]
    sel = [f"{value} as value", *more, "count(*) as etf_count", *_aggregated([*cols, *set_cols])]
    if q.group_by is None:
        body = f"select {', '.join(sel)}\nfrom marts.dim_etf e\n{join_sql}\n{where(conds)}"
    else:
        group = DIMENSIONS[q.group_by].expr
        n = limit_of(q.limit, None, 50)
        having = f"\nhaving count(*) {OPS[q.having.op]} {b.param(q.having.value, 'numeric')}" if q.having else ""
        body = (
            f"select {group} as grp, {', '.join(sel)}, count(*) over () as group_count\n"
            f"from marts.dim_etf e\n{join_sql}\n{where(conds)}\ngroup by 1{having}\n"
            f"order by 2 {'desc' if q.descending else 'asc'} nulls last, 1\nlimit {b.param(n, 'int')}"
        )
    purpose = f"{q.agg.value} of {q.measure.value if q.measure else 'ETFs'}" + (
        f" per {q.group_by.value}" if q.group_by else ""
    )
    return [Statement(Channel.SQL, purpose, b.sql(body), b.params, tables=tables(sources, set_labels))]


def compare(q: ir.Compare, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    sources = sources_of([q.measure] if q.measure else [])
    time = ir.TimeScope()
    join_sql, cols = joins(b, sources, time)
    value = _agg_expr(q.agg, q.measure)
    branches = []
    for i, group in enumerate(q.groups, start=1):
        conds = set_conditions(b, group, time)
        sel = [f"{i} as grp", f"{value} as value", "count(*) as etf_count", *_aggregated(cols)]
        branches.append(f"select {', '.join(sel)}\nfrom marts.dim_etf e\n{join_sql}\n{where(conds)}")
    body = "\nunion all\n".join(branches) + "\norder by grp"
    return [Statement(Channel.SQL, "an aggregate per named group", b.sql(body), b.params, tables=tables(sources))]


# -- Explain ----------------------------------------------------------------------------------------------------------
def explain(q: ir.Explain, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    if q.etf is None:
        listing = ir.ListEtfs(etfs=q.etfs, sort=q.sort, limit=5)
        body = list_body(listing, b)
        srcs = tables(sources_of(_list_measures(listing)) | {Source.PRICE}, set_sources(b, q.etfs, ir.TimeScope())[1])
        statements = [Statement(Channel.SQL, "ETFs of the set to look at", b.sql(body), b.params, tables=srcs)]
        held = held_stocks(q.etfs)
        if len(held) == 1:  # an open question about a stock: its facts first, then the ETFs that hold it most
            facts = stock_lookup(ir.StockLookup(stocks=held), ctx)[0]
            statements.insert(0, dataclasses.replace(facts, role="stock"))
        return statements
    refs = etf_refs_array(b, (q.etf, *q.others))
    body = f"""select e.ticker, e.name, e.leverage_factor as multiple, e.is_leveraged, e.is_inverse, e.is_active,
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
where e.ticker = any({refs})
order by array_position({refs}, e.ticker)"""
    srcs = (("marts.dim_etf", None), ("marts.fct_etf_holdings", "holdings_date"))
    return [Statement(Channel.SQL, "what the data holds about the ETF", b.sql(body), b.params, tables=srcs)]


BODIES[ir.ListEtfs] = list_body

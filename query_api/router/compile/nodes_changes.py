"""The compiler of Changes: holding changes of named ETFs or a set (marts.fct_holding_changes), listed, counted per
kind, or per stock; and for one named ETF over a period, what it holds at the end that it did not hold before the
start (and the reverse), from the two holdings snapshots — a stock bought and sold again inside the period is no
new holding."""

from __future__ import annotations

from query_api.router import ir
from query_api.router.compile.model import Builder, Channel, Ctx, Statement
from query_api.router.compile.registry import WINDOW_INTERVALS
from query_api.router.compile.sets import (
    change_date,
    constraint_sources,
    etf_ref,
    joins,
    limit_of,
    set_conditions,
    stock_ref,
    where,
)

NOT_SECURITIES = ("future", "option", "swap", "cash")


def _change_period(b: Builder, time: ir.TimeScope) -> list[str]:
    if time.start is not None or time.end is not None:
        out = []
        if time.start is not None:
            out.append(f"c.trade_date >= {b.param(time.start, 'date')}")
        if time.end is not None:
            out.append(f"c.trade_date <= {b.param(time.end, 'date')}")
        return out
    end = change_date(b, time.as_of)
    window = time.window
    if window is None or window is ir.Window.DAY_1:
        return [f"c.trade_date = {end}"]
    if window is ir.Window.ALL:
        return [f"c.trade_date <= {end}"]
    if window is ir.Window.YTD:
        return [f"c.trade_date <= {end}", f"c.trade_date >= date_trunc('year', {end})"]
    interval = b.param(WINDOW_INTERVALS[window], "interval")
    return [f"c.trade_date <= {end}", f"c.trade_date > {end} - {interval}"]


def _net(q: ir.Changes) -> bool:
    """One named ETF, new or dropped holdings, over a period longer than a day: compare the two snapshots."""
    period = (q.time.start is not None and q.time.start != q.time.end) or (
        q.time.window is not None and q.time.window is not ir.Window.DAY_1
    )
    kinds = set(q.kinds)
    return (
        len(q.named) == 1
        and q.stock is None
        and not q.count
        and bool(kinds)
        and kinds <= {ir.ChangeKind.ADDED, ir.ChangeKind.REMOVED}
        and period
    )


def net_changes(q: ir.Changes, ctx: Ctx) -> list[Statement]:
    b = Builder(ctx)
    ticker = etf_ref(b, q.named[0])
    end = b.param(q.time.end, "date") if q.time.end is not None else change_date(b, q.time.as_of)
    if q.time.start is not None:
        start = b.param(q.time.start, "date")
    elif q.time.window is ir.Window.YTD:
        start = f"date_trunc('year', {end})::date"
    elif q.time.window is ir.Window.ALL or q.time.window is None:
        start = "'-infinity'::date"
    else:
        start = f"({end} - {b.param(WINDOW_INTERVALS[q.time.window], 'interval')})::date"
    kinds = b.param([k.value for k in q.kinds], "text[]")
    b.cte(
        "d",
        f"select (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = {ticker}"
        f" and trade_date < {start}) as d0,\n"
        f"       (select max(trade_date) from marts.fct_etf_holdings where etf_ticker = {ticker}"
        f" and trade_date <= {end}) as d1",
    )
    b.cte(
        "snap",
        "select h.trade_date, h.instrument_code, h.instrument_name, h.weight_pct\n"
        "from marts.fct_etf_holdings h\nleft join marts.dim_stock s on s.code = h.instrument_code\n"
        f"where h.etf_ticker = {ticker} and not h.is_cash"
        f" and coalesce(s.instrument_type, '') <> all({b.param(list(NOT_SECURITIES), 'text[]')})\n"
        "  and h.trade_date in ((select d0 from d), (select d1 from d))",
    )
    b.cte("h0", "select * from snap where trade_date = (select d0 from d)")
    b.cte("h1", "select * from snap where trade_date = (select d1 from d)")
    n = limit_of(q.limit, None, 20)
    body = f"""select (select d1 from d) as trade_date, (select d0 from d) as prev_date, e.ticker, e.name, t.code,
       t.stock_name, t.change_kind, t.weight_prev, t.weight_curr, null::numeric as weight_delta,
       null::numeric as shares_delta, count(*) over () as total_count,
       count(*) over (partition by t.change_kind) as kind_count,
       (select d0 from d) as first_date, (select d1 from d) as last_date
from (
    select 'added' as change_kind, h1.instrument_code as code, h1.instrument_name as stock_name,
           null::numeric as weight_prev, h1.weight_pct as weight_curr
    from h1 where 'added' = any({kinds}) and (select d0 from d) is not null  -- no snapshot before: nothing to compare
      and not exists (select 1 from h0 where h0.instrument_code = h1.instrument_code)
    union all
    select 'removed', h0.instrument_code, h0.instrument_name, h0.weight_pct, null
    from h0 where 'removed' = any({kinds}) and (select d1 from d) > (select d0 from d)
      and not exists (select 1 from h1 where h1.instrument_code = h0.instrument_code)
) t
join marts.dim_etf e on e.ticker = {ticker}
order by coalesce(t.weight_curr, t.weight_prev) desc nulls last, t.code
limit {b.param(n, "int")}"""
    srcs = (("marts.fct_etf_holdings", "first_date..last_date"), ("marts.dim_etf", None), ("marts.dim_stock", None))
    purpose = "holdings at the period's end not held before it (or the reverse)"
    return [Statement(Channel.SQL, purpose, b.sql(body), b.params, tables=srcs)]


def changes(q: ir.Changes, ctx: Ctx) -> list[Statement]:
    if _net(q):
        return net_changes(q, ctx)
    b = Builder(ctx)
    conds = _change_period(b, q.time)
    if q.named:
        conds.append(f"c.etf_ticker = any(array[{', '.join(etf_ref(b, r) for r in q.named)}])")
    join_sql, _ = joins(b, constraint_sources(q.etfs), ir.TimeScope())
    if q.etfs.constraints or not q.named:
        conds += set_conditions(b, q.etfs, ir.TimeScope(), dated=True)
    if q.kinds:
        conds.append(f"c.change_kind = any({b.param([k.value for k in q.kinds], 'text[]')})")
    if q.stock is not None:
        conds.append(f"c.instrument_code = {stock_ref(b, q.stock)}")
    elif q.whole_portfolio:  # a named ETF's changes: futures rolls too, cash aside
        conds.append(f"coalesce(s.instrument_type, '') <> all({b.param(['cash'], 'text[]')})")
    else:  # securities: futures rolling over, swaps and cash lines are not what a manager bought or sold
        kinds = ("stock", "foreign_stock") if q.by_stock else None
        conds.append(
            f"coalesce(s.instrument_type, '') = any({b.param(list(kinds), 'text[]')})"
            if kinds
            else f"coalesce(s.instrument_type, '') <> all({b.param(list(NOT_SECURITIES), 'text[]')})"
        )
    join_sql = "left join marts.dim_stock s on s.code = c.instrument_code\n" + join_sql
    srcs = (("marts.fct_holding_changes", "first_date..last_date"), ("marts.dim_etf", None))
    if q.by_etf and not q.count:
        n = limit_of(q.limit, None, 10)
        body = f"""select c.etf_ticker as ticker, max(e.name) as name, count(*) as change_count,
       string_agg(distinct c.change_kind, ',') as kinds,
       min(c.trade_date) as first_date, max(c.trade_date) as last_date, count(*) over () as total_count
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
{join_sql}
{where(conds)}
group by c.etf_ticker
order by count(*) desc, c.etf_ticker
limit {b.param(n, "int")}"""
        purpose = "ETFs of the set with the most such changes"
        return [Statement(Channel.SQL, purpose, b.sql(body), b.params, tables=(*srcs, ("marts.dim_stock", None)))]
    if q.by_stock and not q.count:
        n = limit_of(q.limit, None, 10)
        body = f"""select c.instrument_code as code, max(c.instrument_name) as stock_name,
       count(distinct c.etf_ticker) as etf_count, count(*) as change_count,
       string_agg(distinct c.change_kind, ',') as kinds, round(sum(abs(coalesce(c.weight_delta, 0))), 2) as moved,
       min(c.trade_date) as first_date, max(c.trade_date) as last_date, count(*) over () as total_count
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
{join_sql}
{where(conds)}
group by c.instrument_code
order by count(distinct c.etf_ticker) desc, sum(abs(coalesce(c.weight_delta, 0))) desc, c.instrument_code
limit {b.param(n, "int")}"""
        purpose = "stocks the most ETFs of the set changed"
        return [Statement(Channel.SQL, purpose, b.sql(body), b.params, tables=(*srcs, ("marts.dim_stock", None)))]
    if q.count:
        body = f"""select c.change_kind, count(*) as kind_count, count(distinct c.etf_ticker) as etf_count,
       min(c.trade_date) as first_date, max(c.trade_date) as last_date
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
{join_sql}
{where(conds)}
group by c.change_kind
order by c.change_kind"""
        return [Statement(Channel.SQL, "holding changes counted per kind", b.sql(body), b.params, tables=srcs)]
    n = limit_of(q.limit, None, 20)
    body = f"""select c.trade_date, c.prev_date, c.etf_ticker as ticker, e.name, c.instrument_code as code,
       c.instrument_name as stock_name, c.change_kind, c.weight_prev, c.weight_curr, c.weight_delta, c.shares_delta,
       count(*) over () as total_count, count(*) over (partition by c.change_kind) as kind_count,
       min(c.trade_date) over () as first_date, max(c.trade_date) over () as last_date
from marts.fct_holding_changes c
join marts.dim_etf e on e.ticker = c.etf_ticker
{join_sql}
{where(conds)}
order by abs(coalesce(c.weight_delta, c.weight_curr, c.weight_prev, 0)) desc, c.etf_ticker, c.instrument_code
limit {b.param(n, "int")}"""
    return [Statement(Channel.SQL, "holding changes of the ETFs", b.sql(body), b.params, tables=srcs)]

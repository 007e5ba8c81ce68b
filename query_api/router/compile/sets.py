"""Shared pieces of the SQL compiler: dates, joins for measures, ETF-set conditions and entity references.

Dates: prices are read on the price date = the date asked or the nearest earlier trading date in
marts.fct_etf_prices (market-wide, one index probe); holdings on the latest holdings date on or before the date asked.
A return is the close on the end date vs the last close on or before the start (per ETF; null when it has no
close there yet). Chains ("the top holding of X") become CTEs whose body is the inner node limited to one row;
`BODIES` maps the node kinds a chain can hold to their select bodies (filled by the node modules).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from query_api.router import ir
from query_api.router.compile.model import Builder, Source
from query_api.router.compile.registry import DIMENSIONS, MEASURES, OPS, WINDOW_INTERVALS

Body = Callable[[Any, Builder, int | None], str]
BODIES: dict[type, Body] = {}  # chainable node kind -> select body (ticker/code first), filled by nodes_*.py


class CompileError(ValueError):
    """An IR the compiler cannot turn into a statement (the service answers it as not understood)."""


# -- dates --------------------------------------------------------------------------------------------------------
def on_or_before(dates: tuple[ir.date, ...], day: ir.date | None, strict: bool = False) -> ir.date | None:
    """The last date of `dates` on (or, strict, before) `day`; the last date when day is None."""
    if not dates:
        return None
    if day is None:
        return dates[-1] if not strict else (dates[-2] if len(dates) > 1 else None)
    i = bisect.bisect_left(dates, day) if strict else bisect.bisect_right(dates, day)
    return dates[i - 1] if i > 0 else None


def _date_param(b: Builder, day: ir.date | None) -> str:
    key = f"date:{day}"
    if key not in b.memo:
        b.memo[key] = b.param(day, "date")
    return b.memo[key]


def _date_cte(b: Builder, prefix: str, table: str, day: ir.date | None) -> str:
    as_of = b.as_of(day)
    key = f"{prefix}:{as_of}"
    name = b.memo.get(key)
    if name is None:
        name = prefix if prefix not in b.ctes else b.fresh(prefix)
        b.cte(
            name,
            f"select max(trade_date) as d from {table} where trade_date <= coalesce({as_of}, 'infinity'::date)",
        )
        b.memo[key] = name
    return f"(select d from {name})"


def price_date(b: Builder, day: ir.date | None = None) -> str:
    """The price date: the date asked or the nearest earlier trading date the data holds."""
    if b.ctx.price_dates:
        return _date_param(b, on_or_before(b.ctx.price_dates, day or b.ctx.as_of))
    return _date_cte(b, "pd", "marts.fct_etf_prices", day)


def holdings_date(b: Builder, day: ir.date | None = None) -> str:
    if b.ctx.holdings_dates:
        return _date_param(b, on_or_before(b.ctx.holdings_dates, day or b.ctx.as_of))
    return _date_cte(b, "hd", "marts.fct_etf_holdings", day)


def change_date(b: Builder, day: ir.date | None = None) -> str:
    """Changes are computed on holdings dates: the latest holdings date on or before the date asked."""
    if b.ctx.holdings_dates:
        return _date_param(b, on_or_before(b.ctx.holdings_dates, day or b.ctx.as_of))
    return _date_cte(b, "cd", "marts.fct_holding_changes", day)


def _months_back(day: ir.date, months: int) -> ir.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = m + 1
    last = 31
    while True:
        try:
            return ir.date(y, month, min(day.day, last))
        except ValueError:
            last -= 1


WINDOW_MONTHS = {ir.Window.MONTH_1: 1, ir.Window.MONTH_3: 3, ir.Window.MONTH_6: 6, ir.Window.YEAR_1: 12}


def _return_start(dates: tuple[ir.date, ...], end: ir.date, time: ir.TimeScope) -> ir.date | None:
    """The start of a return: the last price date on or before the period's start (the first date if none)."""
    first = dates[0]
    if time.start is not None:
        return on_or_before(dates, time.start) or first
    window = time.window
    if window is ir.Window.DAY_1:
        return on_or_before(dates, end, strict=True)
    if window is ir.Window.WEEK_1:
        return on_or_before(dates, end - timedelta(days=7)) or first
    if window is ir.Window.YTD:
        return on_or_before(dates, ir.date(end.year, 1, 1), strict=True) or first
    if window in WINDOW_MONTHS:
        return on_or_before(dates, _months_back(end, WINDOW_MONTHS[window])) or first
    return first


def return_join(b: Builder, time: ir.TimeScope, alias: str = "r") -> str:
    """A lateral join `r` (return_pct, return_start, return_end) onto `e` over the time scope's period or window:
    two index probes per ETF on (etf_ticker, trade_date)."""
    end = price_date(b, time.end or time.as_of)
    dates = b.ctx.price_dates
    end_day = on_or_before(dates, time.end or time.as_of or b.ctx.as_of) if dates else None
    if dates and end_day is not None:
        start = _date_param(b, _return_start(dates, end_day, time))
    else:
        start = _sql_return_start(b, time, end)
    return (
        "left join lateral (\n"
        "    select s.trade_date as return_start, x.trade_date as return_end,\n"
        "           round((x.close_price / nullif(s.close_price, 0) - 1) * 100, 2) as return_pct\n"
        "    from marts.fct_etf_prices x\n"
        "    join marts.fct_etf_prices s on s.etf_ticker = x.etf_ticker and s.trade_date = " + start + "\n"
        f"    where x.etf_ticker = e.ticker and x.trade_date = {end}\n"
        f") {alias} on true"
    )


def _sql_return_start(b: Builder, time: ir.TimeScope, end: str) -> str:
    first = "(select min(trade_date) from marts.fct_etf_prices)"
    last_before = "(select max(trade_date) from marts.fct_etf_prices where trade_date {})"
    if time.start is not None:
        return f"coalesce({last_before.format('<= ' + b.param(time.start, 'date'))}, {first})"
    if time.window is ir.Window.DAY_1:
        return last_before.format(f"< {end}")
    if time.window is ir.Window.YTD:
        return f"coalesce({last_before.format(f'< date_trunc({chr(39)}year{chr(39)}, {end})')}, {first})"
    if time.window is not None and WINDOW_INTERVALS[time.window]:
        interval = b.param(WINDOW_INTERVALS[time.window], "interval")
        return f"coalesce({last_before.format(f'<= {end} - {interval}')}, {first})"
    return first


def is_period(time: ir.TimeScope) -> bool:
    return time.start is not None and time.end is not None and time.as_of is None


def measure_expr(m: ir.Measure, time: ir.TimeScope) -> str:
    """A measure's SQL expression: over a period, the period's figure where it has one (see `joins`)."""
    spec = MEASURES[m]
    return spec.period_expr if spec.period_expr and is_period(time) else spec.expr


def sources_of(measures: Iterable[ir.Measure]) -> set[Source]:
    return {MEASURES[m].source for m in measures}


def joins(b: Builder, sources: set[Source], time: ir.TimeScope) -> tuple[str, list[str]]:
    """Join clauses onto `e` for the sources, and the date columns they add to a select."""
    out, cols = [], []
    if Source.PRICE in sources:
        pd = price_date(b, time.end if is_period(time) else time.as_of)
        out.append(f"left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = {pd}")
        cols.append(f"{pd} as price_date")
        if is_period(time):  # the period's own figures (highest high, lowest low) next to its last day's row
            out.append(
                "left join lateral (select max(x.high_price) as period_high, min(x.low_price) as period_low,"
                " max(x.close_price) as period_max_close, min(x.close_price) as period_min_close,"
                " min(x.trade_date) as period_start, max(x.trade_date) as period_end"
                " from marts.fct_etf_prices x where x.etf_ticker = e.ticker"
                f" and x.trade_date between {b.param(time.start, 'date')} and {pd}) pp on true"
            )
            cols += ["pp.period_start", "pp.period_end"]
    if Source.RETURN in sources:
        out.append(return_join(b, time))
        cols += ["r.return_start", "r.return_end"]
    if Source.HOLDINGS in sources:
        hd = holdings_date(b, time.as_of)
        out.append(
            "left join lateral (select count(*) as holding_count from marts.fct_etf_holdings h"
            f" where h.trade_date = {hd} and h.etf_ticker = e.ticker and not h.is_cash) hc on true"
        )
        cols.append(f"{hd} as holdings_date")
    return "\n".join(out), cols


# -- references ----------------------------------------------------------------------------------------------------
def _chain(b: Builder, node: Any, prefix: str, n: int = 1) -> str:
    body = BODIES.get(type(node))
    if body is None:
        raise CompileError(f"a chain cannot start from {type(node).__name__}")
    return b.cte(b.fresh(prefix), body(node, b, max(1, n)))


def etf_ref(b: Builder, ref: ir.EtfRef) -> str:
    """An SQL expression for the (first) ticker a reference names."""
    if isinstance(ref, ir.EtfNamed):
        return b.param(ref.ticker, "text")
    return f"(select ticker from {_chain(b, ref.node, 'eref')} limit 1)"


def stock_ref(b: Builder, ref: ir.StockRef) -> str:
    if isinstance(ref, ir.StockNamed):
        return b.param(ref.code, "text")
    return stock_of_chain(b, ref, "code")


def stock_of_chain(b: Builder, ref: ir.StockFrom, expr: str) -> str:
    """`expr` of the stock a chain finds: its first row, or the row at its place (the second largest holding: the
    holdings' own rank column says which)."""
    if ref.rank > 1:
        if not isinstance(ref.node, ir.Holdings):
            raise CompileError("a stock's place is read from an ETF's holdings only")
        chain = _chain(b, ref.node, "sref", ref.rank)
        return f"(select {expr} from {chain} where rank = {b.param(ref.rank, 'int')} limit 1)"
    return f"(select {expr} from {_chain(b, ref.node, 'sref')} limit 1)"


def _refs_array(b: Builder, refs: Iterable[Any], column: str, prefix: str, one: Callable[[Builder, Any], str]) -> str:
    parts = []
    for ref in refs:
        placed = isinstance(ref, ir.StockFrom) and ref.rank > 1  # one stock at its place, not a fan-out
        if isinstance(ref, ir.EtfFrom | ir.StockFrom) and ref.n > 1 and not placed:
            parts.append(f"array(select {column} from {_chain(b, ref.node, prefix, ref.n)})")
        else:
            parts.append(f"array[{one(b, ref)}]")
    return " || ".join(parts)


def etf_refs_array(b: Builder, refs: Iterable[ir.EtfRef]) -> str:
    """A text[] of the tickers references name, in order; a chain with n > 1 fans out to its first n rows."""
    return _refs_array(b, refs, "ticker", "eref", etf_ref)


def stock_refs_array(b: Builder, refs: Iterable[ir.StockRef]) -> str:
    """A text[] of the stock codes references name, in order (fanning out like etf_refs_array)."""
    return _refs_array(b, refs, "code", "sref", stock_ref)


# -- ETF sets ------------------------------------------------------------------------------------------------------
def constraint_sources(etfs: ir.EtfSet) -> set[Source]:
    return {MEASURES[c.measure].source for c in etfs.constraints if isinstance(c, ir.Cond | ir.CondThan)}


def condition(b: Builder, c: ir.Constraint, time: ir.TimeScope) -> str:
    match c:
        case ir.Cond(measure=measure, op=op, value=value):
            if not MEASURES[measure].numeric:  # a listing date or a name is bounded by Listed / DimIs, not a number
                raise CompileError(f"{measure.value} is not a figure to compare with {value}")
            return f"{MEASURES[measure].expr} {OPS[op]} {b.param(value, 'numeric')}"
        case ir.CondThan(measure=measure, op=op, etf=etf):
            return f"{MEASURES[measure].expr} {OPS[op]} {_figure_of(b, measure, etf, time)}"
        case ir.DimIs(dim=dim, value=value, negate=negate):
            spec = DIMENSIONS[dim]
            value_sql = b.param(value, spec.cast)
            return f"{spec.expr} is distinct from {value_sql}" if negate else f"{spec.expr} = {value_sql}"
        case ir.Listed(start=start, end=end):
            parts = []
            if start is not None:
                parts.append(f"e.listing_date >= {b.param(start, 'date')}")
            if end is not None:
                parts.append(f"e.listing_date <= {b.param(end, 'date')}")
            return " and ".join(parts) or "true"
        case ir.Leveraged(inverse=inverse, negate=negate):
            # 레버리지 = a multiple above 1 (2x); 인버스 = below 0 (-1x, -2x): -2x is said 인버스2X, not 레버리지
            test = "e.leverage_factor < 0" if inverse else "e.leverage_factor > 1"
            return f"not coalesce({test}, false)" if negate else test
        case ir.HoldsStock(stock=stock, op=op, weight=weight, negate=negate):
            hd = holdings_date(b, time.as_of)
            test = f"h.instrument_code = {stock_ref(b, stock)}"
            if op is not None and weight is not None:
                test += f" and h.weight_pct {OPS[op]} {b.param(weight, 'numeric')}"
                if op in (ir.Op.LT, ir.Op.LE):  # 2% 미만으로 담은: held with a positive weight below it
                    test += " and h.weight_pct > 0"
            sub = (
                "exists (select 1 from marts.fct_etf_holdings h"
                f" where h.trade_date = {hd} and h.etf_ticker = e.ticker and {test})"
            )
            return f"not {sub}" if negate else sub
        case ir.Tagged(tag=tag):
            return (
                "exists (select 1 from marts.bridge_etf_tag t"
                f" where t.etf_ticker = e.ticker and t.tag = {b.param(tag, 'text')})"
            )
        case ir.SimilarTo(etf=etf):
            return (
                "e.ticker in (select o.other_ticker from marts.mart_etf_overlap o"
                f" where o.etf_ticker = {etf_ref(b, etf)})"
            )
        case ir.NameHas(term=term):
            return f"strpos(lower(e.name), lower({b.param(term, 'text')})) > 0"
    raise CompileError(f"no condition for {type(c).__name__}")


def _figure_of(b: Builder, measure: ir.Measure, etf: ir.EtfRef, time: ir.TimeScope) -> str:
    """One named ETF's own figure, for a comparison with it (its fee; its close on the date of the others)."""
    spec = MEASURES[measure]
    ref = etf_ref(b, etf)
    if not spec.numeric or spec.source not in (Source.DIM, Source.PRICE):
        raise CompileError(f"{measure.value} cannot be compared with another ETF's")
    if spec.source is Source.DIM:
        return f"(select {spec.expr.replace('e.', 'x.')} from marts.dim_etf x where x.ticker = {ref})"
    pd = price_date(b, time.end if is_period(time) else time.as_of)
    expr = spec.expr.replace("p.", "y.").replace("e.", "x.")
    return (
        f"(select {expr} from marts.fct_etf_prices y join marts.dim_etf x on x.ticker = y.etf_ticker"
        f" where y.etf_ticker = {ref} and y.trade_date = {pd})"
    )


def set_sources(
    b: Builder, etfs: ir.EtfSet, time: ir.TimeScope
) -> tuple[list[str], tuple[tuple[str, str | None], ...]]:
    """Date columns and source labels of the relations a set's constraints read (holdings, tags, similarity)."""
    cols: list[str] = []
    labels: list[tuple[str, str | None]] = []
    for c in etfs.constraints:
        if isinstance(c, ir.HoldsStock):
            cols.append(f"{holdings_date(b, time.as_of)} as holdings_date")
            if isinstance(c.stock, ir.StockFrom):  # the stock a chain found, to name it in the answer
                named = stock_of_chain(b, c.stock, "name || '(' || code || ')'")
                cols.append(f"{named} as via_stock")
            labels.append(("marts.fct_etf_holdings", "holdings_date"))
        elif isinstance(c, ir.Tagged):
            labels.append(("marts.bridge_etf_tag", None))
        elif isinstance(c, ir.SimilarTo):
            labels.append(("marts.mart_etf_overlap", None))
    return list(dict.fromkeys(cols)), tuple(dict.fromkeys(labels))


def set_conditions(b: Builder, etfs: ir.EtfSet, time: ir.TimeScope, dated: bool = False) -> list[str]:
    """The set's conditions on `e`. "Listed" is relative to the date of the figures: a statement that reads the
    holdings of a date (`dated`, or a holds-stock constraint) takes the ETFs that existed then — an ETF delisted
    since still held the stock that day — while every other set takes the ETFs listed in the latest master."""
    on_holdings = dated or any(isinstance(c, ir.HoldsStock) and not c.negate for c in etfs.constraints)
    conds = ["e.is_listed"] if etfs.listed_only and not on_holdings else []
    conds += [condition(b, c, time) for c in etfs.constraints]
    named = [r.ticker for r in etfs.exclude if isinstance(r, ir.EtfNamed)]
    if named:
        conds.append(f"e.ticker <> all({b.param(named, 'text[]')})")
    conds += [f"e.ticker is distinct from {etf_ref(b, r)}" for r in etfs.exclude if isinstance(r, ir.EtfFrom)]
    return conds


def where(conds: list[str]) -> str:
    return ("where " + "\n  and ".join(conds)) if conds else ""


def limit_of(value: int | None, override: int | None, default: int, cap: int = 200) -> int:
    if override is not None:
        return override
    return max(1, min(value if value is not None else default, cap))

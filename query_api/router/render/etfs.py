"""Answers of the ETF-level nodes: Lookup, StockLookup, ListEtfs, Aggregate, Compare, Explain, NotHeld."""

from __future__ import annotations

from typing import Any

from query_api.router import formats, ir
from query_api.router.compile.nodes_etf import PROFILE
from query_api.router.compile.registry import DIMENSIONS, MEASURES
from query_api.router.render.words import (
    OP_SIGNS,
    UNNAMED_STOCK,
    RenderCtx,
    Result,
    Row,
    as_of,
    count,
    describe,
    etf,
    josa,
    label,
    measure,
    value,
)

AGG_KO = {"count": "개수", "avg": "평균", "sum": "합계", "min": "최솟값", "max": "최댓값", "median": "중앙값"}
AGG_EN = {"count": "count", "avg": "average", "sum": "total", "min": "minimum", "max": "maximum", "median": "median"}


W = ir.Window
WINDOW_KO = {
    W.DAY_1: "하루",
    W.WEEK_1: "1주",
    W.MONTH_1: "1개월",
    W.MONTH_3: "3개월",
    W.MONTH_6: "6개월",
    W.YEAR_1: "1년",
}
WINDOW_KO |= {W.YTD: "연초 이후", W.ALL: "상장 이후"}
WINDOW_EN = {W.DAY_1: "1-day", W.WEEK_1: "1-week", W.MONTH_1: "1-month", W.MONTH_3: "3-month", W.MONTH_6: "6-month"}
WINDOW_EN |= {W.YEAR_1: "1-year", W.YTD: "year-to-date", W.ALL: "since-listing"}


def _rows(results: list[Result]) -> list[Row]:
    return results[0].rows if results else []


def none_found(ctx: RenderCtx, what: str = "") -> str:
    if ctx.ko:
        return f"{what + ' ' if what else ''}조건에 해당하는 결과가 없습니다."
    return f"No results{' for ' + what if what else ''}."


def _dates(row: Row, ctx: RenderCtx) -> str:
    parts = []
    if row.get("return_start") and row.get("return_end"):
        span = f"{row['return_start']} → {row['return_end']}"
        parts.append(f"수익률 기간 {span}" if ctx.ko else f"return from {span}")
    elif row.get("period_start") and row.get("period_end"):
        span = f"{row['period_start']} ~ {row['period_end']}"
        parts.append(f"기간 {span}" if ctx.ko else f"over {span}")
    for key in ("price_date", "holdings_date"):
        if row.get(key):
            parts.append(as_of(row[key], ctx.lang))
    return f" ({', '.join(dict.fromkeys(parts))})" if parts else ""


def _measures_text(row: Row, measures: tuple[ir.Measure, ...], ctx: RenderCtx) -> str:
    out = []
    for m in measures:
        text = measure(m, row.get(m.value), ctx.lang)
        then = row.get(f"{m.value}_then")
        if f"{m.value}_then" in row:
            spec = MEASURES[m]
            text = f"{label(m, ctx.lang)} {value(then, spec.unit, ctx.lang)}({row.get('price_date_then')}) → "
            text += f"{value(row.get(m.value), spec.unit, ctx.lang)}({row.get('price_date')})"
        out.append(text)
    return ", ".join(out)


def lookup(q: ir.Lookup, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:
        return none_found(ctx)
    measures = q.measures or (() if q.weight_of else PROFILE)
    lines = []
    for row in rows:
        parts = [_measures_text(row, measures, ctx)] if measures else []
        for w in q.also_windows:  # 1주랑 한 달: each window's return with its dates
            pct = formats.pct(row.get(f"return_pct_{w.value}"))
            span = f"{row.get(f'return_start_{w.value}')} → {row.get(f'return_end_{w.value}')}"
            name = WINDOW_KO[w] if ctx.ko else WINDOW_EN[w]
            parts.append(f"{name} 수익률 {pct} ({span})" if ctx.ko else f"{name} return {pct} ({span})")
        if measures and all(row.get(m.value) is None for m in measures):  # a date or an ETF the quotes lack
            names = ", ".join(label(m, ctx.lang) for m in measures)
            parts = [f"{names}은(는) 이 데이터에 없습니다" if ctx.ko else f"{names}: not in the data"]
        if q.weight_of is not None:
            stock = f"{row.get('stock_name') or row.get('stock_code')}({row.get('stock_code')})"
            w = formats.weight(row.get("weight")) if row.get("weight") is not None else None
            if ctx.ko:
                parts.append(f"{stock} 비중 {w}" if w else f"{stock}을(를) 보유하지 않음")
            else:
                parts.append(f"weight of {stock} {w}" if w else f"does not hold {stock}")
        sep = ": " if not ctx.ko else "의 "
        lines.append(josa(f"{etf(row)}{sep}{', '.join(p for p in parts if p)}{_dates(row, ctx)}"))
    if len(rows) > 1 and len(measures) == 1 and MEASURES[measures[0]].numeric:
        m = measures[0]
        ranked = [r for r in rows if r.get(m.value) is not None]
        if ranked:
            top = max(ranked, key=lambda r: float(r[m.value]))
            low = min(ranked, key=lambda r: float(r[m.value]))
            if float(top[m.value]) == float(low[m.value]):
                same = f"{label(m, 'ko')}은(는) 모두 같습니다." if ctx.ko else f"The {label(m, 'en')} is the same."
                lines.append(same)
            elif ctx.ko:
                lines.append(f"{label(m, 'ko')}이(가) 가장 높은 것은 {etf(top)}, 가장 낮은 것은 {etf(low)}입니다.")
            else:
                lines.append(f"Highest {label(m, 'en')}: {etf(top)}; lowest: {etf(low)}.")
    return josa("\n".join(lines))


def stock_lookup(q: ir.StockLookup, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:
        return none_found(ctx)
    lines = []
    for r in rows:
        facts = [x for x in (r.get("market"), r.get("sector")) if x]
        held_as = r.get("held_as")
        renamed = ""
        if held_as and held_as != r["name"]:
            renamed = f", 보유종목 파일 이름 {held_as}" if ctx.ko else f", named {held_as} in the holdings files"
        text = f"{r['name']}({r['code']}{renamed})" + (f": {' · '.join(facts)}" if facts else "")
        if q.holder_count and "holder_count" in r:
            if ctx.ko:
                text += f", 보유 ETF {count(r['holder_count'], 'ko')}"
                if r.get("max_weight") is not None:
                    text += f"(최대 비중 {formats.weight(r['max_weight'])})"
            else:
                text += f", held by {count(r['holder_count'], 'en')}"
                if r.get("max_weight") is not None:
                    text += f" (max weight {formats.weight(r['max_weight'])})"
            text += f" ({as_of(r.get('holdings_date'), ctx.lang)})"
        lines.append(text)
    return "\n".join(lines)


def _list_item(i: int, row: Row, measures: tuple[ir.Measure, ...], ctx: RenderCtx) -> str:
    shown = measures or (ir.Measure.MARKET_CAP,)
    text = f"{i}. {etf(row)} " + _measures_text(row, shown, ctx)
    if row.get("held_weight") is not None:
        text += f", {'보유 비중 합' if ctx.ko else 'weight of the stocks'} {formats.weight(row['held_weight'])}"
    return text


def list_lines(rows: list[Row], measures: tuple[ir.Measure, ...], ctx: RenderCtx) -> str:
    return "\n".join(_list_item(i, r, measures, ctx) for i, r in enumerate(rows, start=1))


def list_etfs(q: ir.ListEtfs, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    what = describe(q.etfs, ctx)
    if not rows:
        return none_found(ctx, what)
    total = rows[0].get("total_count", len(rows))
    conds = tuple(c.measure for c in q.etfs.constraints if isinstance(c, ir.Cond | ir.CondThan))
    measures = tuple(dict.fromkeys((*((q.sort.measure,) if q.sort else ()), *q.measures, *conds)))
    head = (
        f"{what + ' ' if what else ''}ETF {count(total, 'ko')}"
        + (f" 중 {len(rows)}개" if total > len(rows) else "")
        + f"{_dates(rows[0], ctx)}:"
        if ctx.ko
        else f"{count(total, 'en')}{' (' + what + ')' if what else ''}"
        + (f", top {len(rows)}" if total > len(rows) else "")
        + f"{_dates(rows[0], ctx)}:"
    )
    return head + "\n" + list_lines(rows, measures, ctx)


def _agg_value(row: Row, q: ir.Aggregate | ir.Compare, ctx: RenderCtx) -> str:
    if q.measure is None:
        return count(row.get("value"), ctx.lang)
    spec = MEASURES[q.measure]
    if q.agg is ir.Agg.COUNT and not spec.numeric:  # 운용사 29개 (ETF 1,066개)
        n = count(row.get("etf_count"), ctx.lang)
        if ctx.ko:
            return f"{label(q.measure, 'ko')} {count(row.get('value'), 'ko')} (ETF {n})"
        return f"{int(row.get('value') or 0):,} {label(q.measure, 'en')}s ({n})"
    names = AGG_KO if ctx.ko else AGG_EN
    figures = [f"{names[q.agg.value]} {value(row.get('value'), spec.unit, ctx.lang)}"]
    if isinstance(q, ir.Aggregate):  # 최저랑 최고: each extreme asked
        figures += [f"{names[g.value]} {value(row.get(f'value_{g.value}'), spec.unit, ctx.lang)}" for g in q.also]
    n = count(row.get("etf_count"), ctx.lang)
    return f"{label(q.measure, ctx.lang)} {', '.join(figures)} ({'ETF ' + n if ctx.ko else n})"


def aggregate(q: ir.Aggregate, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    what = describe(q.etfs, ctx)
    if not rows:
        return none_found(ctx, what)
    if rows[0].get("via_stock"):  # a chained stock (1등 종목 담은 ETF): named by the row that found it
        what = what.replace(UNNAMED_STOCK[ctx.lang], str(rows[0]["via_stock"]), 1)
    dates = _dates(rows[0], ctx)
    if q.group_by is None:
        row = rows[0]
        if q.measure is None:
            n = count(row.get("value"), ctx.lang)
            if ctx.ko:
                return f"{what + '에 해당하는 ' if what else '상장 '}ETF는 {n}입니다{dates}."
            return f"There are {n}{' (' + what + ')' if what else ''}{dates}."
        return f"{what + ': ' if what else ''}{_agg_value(row, q, ctx)}{dates}"
    spec = DIMENSIONS[q.group_by]
    head = f"{spec.ko}별" if ctx.ko else f"By {spec.en}"
    if q.having is not None:  # ETF 10개 이상 운용사: how many groups pass, then the groups
        sign, k, at = OP_SIGNS[q.having.op], formats.count(rows[0].get("group_count")), f"{q.having.value:g}"
        head = f"ETF {sign} {at}개인 {spec.ko} {k}곳" if ctx.ko else f"{k} {spec.en}s with {sign} {at} ETFs"
    lines = [f"{head}{' (' + what + ')' if what else ''}{dates}:"]
    for r in rows:
        top = f"{etf(r, 'top_ticker', 'top_name')} " if r.get("top_ticker") else ""  # the ETF with the group's extreme
        lines.append(f"- {r.get('grp') if r.get('grp') is not None else '-'}: {top}{_agg_value(r, q, ctx)}")
    return "\n".join(lines)


def compare(q: ir.Compare, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:
        return none_found(ctx)
    lines = []
    for r in rows:
        group = q.groups[int(r["grp"]) - 1]
        lines.append(f"- {describe(group, ctx) or ('전체' if ctx.ko else 'all')}: {_agg_value(r, q, ctx)}")
    dates = _dates(rows[0], ctx)
    return ("비교" if ctx.ko else "Comparison") + f"{dates}:\n" + "\n".join(lines)


def _caveat(ctx: RenderCtx, unheld: tuple[str, ...] = ()) -> str:
    words = ", ".join(f"'{w}'" for w in unheld)
    if ctx.ko:
        extra = f"{words} 같은 부분과 " if words else ""
        return f"다만 {extra}앞으로의 수익률, 투자 적합성, 위험의 크기는 이 데이터로 알 수 없는 부분입니다."
    extra = f" (nor {words})" if words else ""
    return f"What the data cannot tell: future returns, suitability for you, or how risky it will be{extra}."


def explain(q: ir.Explain, results: list[Result], ctx: RenderCtx) -> str:
    if q.etf is None:
        stock = [r for r in results if r.statement.role == "stock"]
        lists = [r for r in results if r.statement.role != "stock"]
        rows = lists[0].rows if lists else []
        facts = stock_lookup(ir.StockLookup(stocks=()), stock, ctx) + "\n" if stock and stock[0].rows else ""
        shown = (q.sort.measure,) if q.sort else (ir.Measure.MARKET_CAP,)
        body = list_lines(rows, shown, ctx) if rows else none_found(ctx)
        if q.sort is not None:
            head = (
                f"데이터로 보여줄 수 있는 것 — {label(q.sort.measure, 'ko')} 순 ETF"
                if ctx.ko
                else (f"What the data shows — ETFs by {label(q.sort.measure, 'en')}")
            )
        else:
            head = (
                "데이터로 보여줄 수 있는 것 — 시가총액이 큰 ETF" if ctx.ko else "What the data shows — the largest ETFs"
            )
        what = describe(q.etfs, ctx)
        head = facts + head + (f" ({what})" if what else "") + (_dates(rows[0], ctx) if rows else "")
        return f"{head}:\n{body}\n{_caveat(ctx, q.unheld)}"
    rows = _rows(results)
    if not rows:
        return none_found(ctx) + " " + _caveat(ctx, q.unheld)
    lines = [_profile(r, ctx) for r in rows]
    return "\n".join([*lines[:-1], f"{lines[-1]} {_caveat(ctx, q.unheld)}"])


def _profile(r: dict[str, Any], ctx: RenderCtx) -> str:
    """One ETF in what the data holds about it: multiple, fee, holdings, concentration, top holdings, classes."""
    facts = []
    mult = formats.num(r.get("multiple"))
    if mult is not None and mult != 1:
        kind = ("인버스" if mult < 0 else "레버리지") if ctx.ko else ("inverse" if mult < 0 else "leveraged")
        facts.append(f"{kind} {value(mult, MEASURES[ir.Measure.MULTIPLE].unit, ctx.lang)}")
    facts.append(measure(ir.Measure.FEE, r.get("fee"), ctx.lang))
    if r.get("holding_count"):
        facts.append(f"구성종목 {count(r['holding_count'], 'ko')}" if ctx.ko else f"{r['holding_count']} holdings")
    if r.get("top10_weight") is not None:
        w = formats.weight(r["top10_weight"])
        facts.append(f"상위 10종목 비중 {w}" if ctx.ko else f"top 10 weight {w}")
    top: list[dict[str, Any]] = r.get("top") or []
    if top:
        names = ", ".join(f"{t.get('name')} {formats.weight(t.get('weight'))}" for t in top)
        facts.append(f"상위 종목 {names}" if ctx.ko else f"top holdings {names}")
    facts += [x for x in (r.get("asset_class"), r.get("market"), r.get("index_name")) if x]
    dates = f" ({as_of(r.get('holdings_date'), ctx.lang)})" if r.get("holdings_date") else ""
    return f"{etf(r)}: {', '.join(facts)}{dates}."


def not_held(q: ir.NotHeld, results: list[Result], ctx: RenderCtx) -> str:
    terms = ", ".join(f"'{t}'" for t in q.terms)
    about = ""
    if isinstance(q.about, ir.EtfNamed | ir.StockNamed):
        from_names = ctx.names.get(q.about.ticker if isinstance(q.about, ir.EtfNamed) else q.about.code)
        about = from_names or ""
    if ctx.ko:
        what = {
            ir.NotHeldKind.ATTRIBUTE: "그 항목은",
            ir.NotHeldKind.ENTITY: "그 상품·종목은",
            ir.NotHeldKind.PERIOD: "그 기간의 자료는",
            ir.NotHeldKind.DATASET: "그런 종류의 자료는",
            ir.NotHeldKind.FORECAST: "예측은",
        }[q.kind]
        text = josa(f"{terms + '은(는)' if terms else what} {about + ' ' if about else ''}데이터에 없습니다.")
        if q.held:
            text += f" 데이터에 있는 것: {', '.join(q.held)}."
        if q.suggestions:
            text += f" 혹시 이것을 찾으셨나요: {', '.join(q.suggestions)}"
        return text
    text = f"{terms or 'That'} is not in the data{' for ' + about if about else ''}."
    if q.held:
        text += f" The data holds: {', '.join(q.held)}."
    if q.suggestions:
        text += f" Did you mean: {', '.join(q.suggestions)}"
    return text

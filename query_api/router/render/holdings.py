"""Answers of the holdings-level nodes: Holdings, Holders, Similar, SectorMix, Overlap, TopStocks, SameSector,
Changes."""

from __future__ import annotations

from collections import Counter

from query_api.router import formats, ir
from query_api.router.render.etfs import _dates, _measures_text, none_found
from query_api.router.render.words import (
    RenderCtx,
    Result,
    Row,
    as_of,
    count,
    describe,
    etf,
    josa,
    ref_name,
    stock,
    threshold,
)

KIND_KO = {"added": "신규 편입", "removed": "편출", "increased": "비중 확대", "decreased": "비중 축소"}
KIND_EN = {"added": "added", "removed": "removed", "increased": "increased", "decreased": "decreased"}


def _rows(results: list[Result]) -> list[Row]:
    return results[0].rows if results else []


def _w(v: object) -> str:
    return formats.weight(v)


def holdings(q: ir.Holdings, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:  # e.g. overseas ETFs: KRX publishes no constituents file (PDF) the snapshot holds for them
        name = ref_name(q.etf, ctx)
        if ctx.ko:
            return f"{josa(name + '의') if name else ''} 보유종목(PDF)은 데이터에 없습니다.".strip()
        return f"The holdings (PDF) of {name or 'this ETF'} are not in the data."
    first = rows[0]
    name = etf(first, "ticker", "etf_name")
    when = as_of(first.get("holdings_date"), ctx.lang)
    items = ", ".join(f"{r['rank']}. {stock(r)} {_w(r.get('weight'))}" for r in rows)
    total = first.get("total_count")
    top_sum = round(sum(float(r.get("weight") or 0) for r in rows), 2)
    if q.count:  # 구성종목 몇 개: the count first, then the largest holdings
        if ctx.ko:
            return josa(f"{name}의 구성종목은 {count(total, 'ko')}입니다({when}). 상위 {len(rows)}개: {items}.")
        return f"{name} has {total} holdings ({when}). The largest {len(rows)}: {items}."
    if ctx.ko:
        text = josa(f"{name}의 상위 {len(rows)}개 보유종목({when}): {items}.")
        if q.sum_weights:
            text += f" 상위 {len(rows)}개 비중 합계는 {formats.pct(top_sum)}입니다."
        if q.count or total:
            text += f" 전체 구성종목은 {count(total, 'ko')}입니다."
        return text
    text = f"Top {len(rows)} holdings of {name} ({when}): {items}."
    if q.sum_weights:
        text += f" Together they weigh {formats.pct(top_sum)}."
    if q.count or total:
        text += f" It has {total} holdings in all."
    return text


AGG_WORDS_KO = {ir.Agg.AVG: "평균 비중", ir.Agg.SUM: "비중 합", ir.Agg.MIN: "최소 비중", ir.Agg.MAX: "최대 비중"}
AGG_WORDS_EN = {ir.Agg.AVG: "Average", ir.Agg.SUM: "Total", ir.Agg.MIN: "Lowest", ir.Agg.MAX: "Highest"}


def holders(q: ir.Holders, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:
        who = ref_name(q.stock, ctx) or ("그 종목" if ctx.ko else "the stock")
        return none_found(ctx, who)
    first = rows[0]
    who = stock(first, "stock_code", "stock_name")
    what = describe(q.etfs, ctx)
    total = first.get("total_count", len(rows))
    when = as_of(first.get("holdings_date"), ctx.lang)
    measures = (q.sort.measure,) if q.sort else ()
    items = "\n".join(
        f"{i}. {etf(r)} {('비중 ' if ctx.ko else 'weight ') + _w(r.get('weight'))}"
        + (f", {_measures_text(r, measures, ctx)}" if measures else "")
        for i, r in enumerate(rows, start=1)
    )
    cond = ""
    if q.weight is not None:
        limit = threshold(q.op, formats.pct(q.weight), ctx)
        cond = f" 비중 {limit}" if ctx.ko else f" with weight {limit}"
    if q.agg is not None:  # 평균 비중: one figure over every holder
        figure = _w(first.get("agg_weight"))
        if ctx.ko:
            etfs = f"{what + ' ' if what else ''}ETF {count(total, 'ko')}"
            return josa(f"{who}을(를){cond} 보유한 {etfs}의 {AGG_WORDS_KO[q.agg]} {figure}({when}).")
        etfs = f"{count(total, 'en')}{' (' + what + ')' if what else ''}"
        return f"{AGG_WORDS_EN[q.agg]} weight of {who} across {etfs} holding it: {figure} ({when})."
    if ctx.ko:
        head = josa(f"{who}을(를){cond} 보유한 {what + ' ' if what else ''}ETF는 {count(total, 'ko')}입니다({when}).")
    else:
        head = f"{count(total, 'en')}{' (' + what + ')' if what else ''} hold {who}{cond} ({when})."
    return f"{head}\n{items}"


def similar(q: ir.Similar, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:
        return none_found(ctx, ref_name(q.etf, ctx))
    base = etf(rows[0], "base_ticker", "base_name")
    items = "\n".join(
        f"{i}. {etf(r)} {('중복도 ' if ctx.ko else 'overlap ') + _w(r.get('overlap'))}"
        for i, r in enumerate(rows, start=1)
    )
    when = f" ({as_of(rows[0]['as_of'], ctx.lang)})" if rows[0].get("as_of") else ""
    if ctx.ko:
        return josa(f"{base}과(와) 보유종목이 가장 많이 겹치는 ETF{when}:\n{items}")
    return f"ETFs whose holdings overlap most with {base}{when}:\n{items}"


def sector_mix(q: ir.SectorMix, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:
        return none_found(ctx, ref_name(q.etf, ctx))
    name = etf(rows[0], "ticker", "etf_name")
    items = ", ".join(f"{r['sector']} {_w(r.get('weight'))}" for r in rows)
    when = as_of(rows[0].get("holdings_date"), ctx.lang)
    if ctx.ko:
        return josa(f"{name}의 업종 구성({when}): {items}")
    return f"Sector mix of {name} ({when}): {items}"


def overlap(q: ir.Overlap, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:
        return none_found(ctx)
    r = rows[0]
    a, b = etf(r, "ticker_a", "name_a"), etf(r, "ticker_b", "name_b")
    common = [x for x in rows if x.get("code")]
    items = ", ".join(f"{x['stock_name']}({x['code']}) {_w(x['weight_a'])}/{_w(x['weight_b'])}" for x in common)
    when = as_of(r.get("holdings_date"), ctx.lang)
    if ctx.ko:
        text = josa(
            f"{a}과(와) {b}의 보유종목 중복도는 {_w(r.get('overlap_pct'))}, "
            f"공통 종목 {count(r.get('common_count'), 'ko')}입니다({when})."
        )
        return text + (f" 비중이 큰 공통 종목: {items}" if items else "")
    text = f"{a} and {b} overlap {_w(r.get('overlap_pct'))} with {r.get('common_count')} stocks in common ({when})."
    return text + (f" Largest common holdings: {items}" if items else "")


def top_stocks(q: ir.TopStocks, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    what = describe(q.etfs, ctx)
    if not rows:
        return none_found(ctx, what)
    when = as_of(rows[0].get("holdings_date"), ctx.lang)
    items = "\n".join(
        f"{i}. {stock(r)} " + (f"ETF {count(r['etf_count'], 'ko')}" if ctx.ko else count(r["etf_count"], "en"))
        for i, r in enumerate(rows, start=1)
    )
    market = f"{q.market} " if q.market else ""
    if ctx.ko:
        return f"{what + ' ' if what else ''}ETF가 가장 많이 보유한 {market}종목({when}):\n{items}"
    return f"{market}Stocks held by the most ETFs{' (' + what + ')' if what else ''} ({when}):\n{items}"


def same_sector(q: ir.SameSector, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    if not rows:
        return none_found(ctx, ref_name(q.stock, ctx))
    base = stock(rows[0], "base_code", "base_name")
    sector = rows[0].get("sector")
    when = as_of(rows[0].get("holdings_date"), ctx.lang)
    held = "보유 ETF " if ctx.ko else "held by "
    items = ", ".join(f"{stock(r)} {held}{count(r.get('holder_count'), ctx.lang)}" for r in rows)
    if ctx.ko:
        return josa(f"{base}과(와) 같은 업종({sector})의 종목({when}): {items}")
    return f"Stocks in the same sector as {base} ({sector}, {when}): {items}"


def changes(q: ir.Changes, results: list[Result], ctx: RenderCtx) -> str:
    rows = _rows(results)
    who = ", ".join(ref_name(r, ctx) for r in q.named) or describe(q.etfs, ctx)
    if not rows:
        left = ("현금", "cash") if q.whole_portfolio else ("선물·스왑·현금", "futures, swaps and cash")
        if ctx.ko:
            return f"{who + ' ' if who else ''}보유종목 변화가 없습니다(해당 기간, {left[0]} 제외 기준)."
        who_en = " of " + who if who else ""
        return f"No holding changes{who_en} in that period ({left[1]} left out)."
    first = rows[0]
    span = str(min(r["first_date"] for r in rows))
    last = str(max(r["last_date"] for r in rows))
    span += f" ~ {last}" if last != span else ""
    kinds = KIND_KO if ctx.ko else KIND_EN
    if q.by_etf and not q.count:
        return _changes_by_etf(q, rows, who, span, ctx)
    if q.by_stock and not q.count:
        return _changes_by_stock(q, rows, who, span, ctx)
    if q.count:
        per = ", ".join(f"{kinds[r['change_kind']]} {formats.count(r['kind_count'])}개" for r in rows)
        total = sum(int(r["kind_count"]) for r in rows)
        if ctx.ko:
            return f"{who + ' ' if who else ''}보유종목 변화 {span}: 총 {formats.count(total)}개({per})"
        per_en = ", ".join(f"{kinds[r['change_kind']]} {r['kind_count']}" for r in rows)
        return f"Holding changes{' of ' + who if who else ''} {span}: {total} holdings changed ({per_en})"
    span = str(first.get("first_date"))
    if first.get("last_date") != first.get("first_date"):
        span += f" ~ {first.get('last_date')}"
    per_kind = Counter({r["change_kind"]: r["kind_count"] for r in rows})
    summary = ", ".join(f"{kinds[k]} {n}" for k, n in per_kind.items())
    items = "\n".join(
        f"- {etf(r)}: {r['stock_name'] or r['code']}({r['code']}) {kinds[r['change_kind']]} "
        f"{_w(r.get('weight_prev')) if r.get('weight_prev') is not None else '-'} → "
        f"{_w(r.get('weight_curr')) if r.get('weight_curr') is not None else '-'}"
        for r in rows
    )
    total = first.get("total_count", len(rows))
    if ctx.ko:
        head = f"{who + ' ' if who else ''}보유종목 변화 {span}: 총 {formats.count(total)}개({summary})"
    else:
        head = f"Holding changes{' of ' + who if who else ''} {span}: {total} holdings changed ({summary})"
    return f"{head}{_dates(first, ctx)}\n{items}"


def _changes_by_stock(q: ir.Changes, rows: list[Row], who: str, span: str, ctx: RenderCtx) -> str:
    """The stocks most ETFs of the set changed (of the kinds asked), most ETFs first."""
    kinds = KIND_KO if ctx.ko else KIND_EN
    asked = "/".join(kinds[k.value] for k in q.kinds) or ("전체" if ctx.ko else "any change")
    total = rows[0].get("total_count", len(rows))
    named = [(i, stock(r, name="stock_name"), formats.count(r["etf_count"])) for i, r in enumerate(rows, 1)]
    if ctx.ko:
        head = f"{who + ' ' if who else ''}보유종목 변화 {span} ({asked}): 종목 {formats.count(total)}개 중 ETF 수 순"
        items = [
            f"{i}. {stock(r, name='stock_name')} ETF {formats.count(r['etf_count'])}개" for i, r in enumerate(rows, 1)
        ]
    else:
        head = f"Holding changes{' of ' + who if who else ''} {span} ({asked}): {total} stocks, by number of ETFs"
        items = [f"{i}. {name} {n} ETFs" for i, name, n in named]
    return head + "\n" + "\n".join(items)


def _changes_by_etf(q: ir.Changes, rows: list[Row], who: str, span: str, ctx: RenderCtx) -> str:
    """The ETFs of the set with the most changes of the kinds asked, most first."""
    kinds = KIND_KO if ctx.ko else KIND_EN
    asked = "/".join(kinds[k.value] for k in q.kinds) or ("전체" if ctx.ko else "any change")
    if ctx.ko:
        items = [f"{i}. {etf(r)} {formats.count(r['change_count'])}건" for i, r in enumerate(rows, 1)]
        head = f"{who + ' ' if who else ''}보유종목 변화 {span} ({asked}): 변화가 많은 ETF 순"
    else:
        items = [f"{i}. {etf(r)} {r['change_count']} changes" for i, r in enumerate(rows, 1)]
        head = f"Holding changes{' of ' + who if who else ''} {span} ({asked}): ETFs with the most"
    return head + "\n" + "\n".join(items)

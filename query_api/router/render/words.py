"""Words and figures of answers: values by unit (억/조 원, %, 원, 배, 개), ETF/stock names, set descriptions, dates."""

from __future__ import annotations

import dataclasses
from typing import Any

from query_api.router import formats, ir
from query_api.router.compile.model import Statement, Unit
from query_api.router.compile.registry import DIMENSIONS, MEASURES

Row = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Result:
    """A statement and the rows it returned."""

    statement: Statement
    rows: list[Row]


@dataclasses.dataclass(frozen=True)
class RenderCtx:
    lang: str = "ko"
    names: dict[str, str] = dataclasses.field(default_factory=dict)  # entity id → name (from the mentions)

    @property
    def ko(self) -> bool:
        return self.lang != "en"


def value(v: Any, unit: Unit, lang: str) -> str:
    if v is None:
        return "-" if lang != "en" else "n/a"
    match unit:
        case Unit.PCT:
            return formats.pct(v)
        case Unit.FEE:
            return formats.fee(v)
        case Unit.KRW_BIG:
            return formats.krw_big(v, lang)
        case Unit.WON:
            return formats.won(v, lang)
        case Unit.COUNT:
            return formats.count(v)
        case Unit.MULTIPLE:
            n = formats.num(v)
            text = "-" if n is None else (f"{n:g}")
            return f"{text}배" if lang != "en" else f"{text}x"
        case Unit.DATE:
            return str(v)[:10]
    if isinstance(v, bool):
        return ("예" if v else "아니오") if lang != "en" else ("yes" if v else "no")
    return str(v)


def measure(m: ir.Measure, v: Any, lang: str) -> str:
    spec = MEASURES[m]
    if m is ir.Measure.HOLDING_COUNT and v is not None:  # a number of holdings is counted: 80개, 80 holdings
        return f"{spec.ko} {value(v, spec.unit, lang)}개" if lang != "en" else f"{value(v, spec.unit, lang)} holdings"
    label = spec.ko if lang != "en" else spec.en
    return f"{label} {value(v, spec.unit, lang)}"


def label(m: ir.Measure, lang: str) -> str:
    return MEASURES[m].ko if lang != "en" else MEASURES[m].en


def count(n: Any, lang: str, noun_en: str = "ETFs") -> str:
    text = formats.count(n)
    return f"{text}개" if lang != "en" else f"{text} {noun_en}"


def etf(row: Row, ticker: str = "ticker", name: str = "name") -> str:
    return f"{row.get(name) or row.get(ticker)}({row.get(ticker)})"


def stock(row: Row, code: str = "code", name: str = "name") -> str:
    return f"{row.get(name) or row.get(code)}({row.get(code)})"


UNNAMED_STOCK = {"ko": "해당 종목", "en": "the stock"}  # a stock a chain finds: named from its rows when they say


def ref_name(ref: ir.EtfRef | ir.StockRef | None, ctx: RenderCtx) -> str:
    """A named reference as written in the answer (its name from the mentions, then its id)."""
    if isinstance(ref, ir.EtfNamed):
        return f"{ctx.names.get(ref.ticker, ref.ticker)}({ref.ticker})"
    if isinstance(ref, ir.StockNamed):
        return f"{ctx.names.get(ref.code, ref.code)}({ref.code})"
    return ""


def as_of(day: Any, lang: str) -> str:
    if not day:
        return ""
    return f"{str(day)[:10]} 기준" if lang != "en" else f"as of {str(day)[:10]}"


OP_WORDS = {  # a threshold said after its value: 5% 미만 / under 5%
    ir.Op.GT: ("초과", "more than"),
    ir.Op.GE: ("이상", "at least"),
    ir.Op.LT: ("미만", "under"),
    ir.Op.LE: ("이하", "at most"),
    ir.Op.EQ: ("", "exactly"),
    ir.Op.NE: ("제외", "other than"),
}


def threshold(op: ir.Op | None, pct: str, ctx: RenderCtx) -> str:
    """'5.00% 미만' / 'under 5.00%' (a missing op reads as at least, as the parser defaults)."""
    ko, en = OP_WORDS[op or ir.Op.GE]
    return f"{pct} {ko}".strip() if ctx.ko else f"{en} {pct}"


OP_SIGNS = {ir.Op.LT: "<", ir.Op.LE: "≤", ir.Op.GT: ">", ir.Op.GE: "≥", ir.Op.EQ: "=", ir.Op.NE: "≠"}


def josa(text: str) -> str:
    return formats.fix_josa(text)


def _constraint(c: ir.Constraint, ctx: RenderCtx) -> str:
    ko = ctx.ko
    match c:
        case ir.Cond(measure=m, op=op, value=v):
            return f"{label(m, ctx.lang)} {OP_SIGNS[op]} {value(v, MEASURES[m].unit, ctx.lang)}"
        case ir.CondThan(measure=m, op=op, etf=e):
            return f"{label(m, ctx.lang)} {OP_SIGNS[op]} {ref_name(e, ctx) or ('기준 ETF' if ko else 'the ETF')}"
        case ir.DimIs(dim=dim, value=v, negate=negate):
            spec = DIMENSIONS[dim]
            name = spec.ko if ko else spec.en
            shown = {"true": "액티브" if ko else "active", "false": "패시브" if ko else "passive"}.get(v, v)
            if dim is ir.Dim.ACTIVE:
                return shown if not negate else ("패시브" if v == "true" else "액티브") if ko else "not " + shown
            if dim is ir.Dim.MULTIPLE:
                shown = f"{v}배" if ko else f"{v}x"
            return f"{name} {'≠' if negate else ''}{shown}".replace("  ", " ")
        case ir.Listed(start=start, end=end):
            span = f"{start or ''}~{end or ''}"
            return f"상장일 {span}" if ko else f"listed {span}"
        case ir.Leveraged(inverse=inverse, negate=negate):
            word = ("인버스" if inverse else "레버리지") if ko else ("inverse" if inverse else "leveraged")
            return (f"{word} 제외" if ko else f"not {word}") if negate else word
        case ir.HoldsStock(stock=s, op=op, weight=w, negate=negate):
            who = ref_name(s, ctx) or UNNAMED_STOCK[ctx.lang]
            cond = f" {threshold(op, value(w, Unit.PCT, ctx.lang), ctx)}" if w is not None else ""
            if ko:
                return f"{who} {'미보유' if negate else '보유'}{cond}"
            return f"{'not ' if negate else ''}holding {who}{cond}"
        case ir.Tagged(tag=tag):
            return f"테마 {tag}" if ko else f"theme {tag}"
        case ir.SimilarTo(etf=e):
            return f"{ref_name(e, ctx)}와 유사" if ko else f"similar to {ref_name(e, ctx)}"
        case ir.NameHas(term=term):
            return f"이름에 '{term}' 포함" if ko else f"name contains '{term}'"
    return ""


def describe(etfs: ir.EtfSet, ctx: RenderCtx) -> str:
    """The set's constraints in words ('운용사 삼성자산운용, 복제방법 합성'); empty for all ETFs."""
    return ", ".join(p for p in (_constraint(c, ctx) for c in etfs.constraints) if p)

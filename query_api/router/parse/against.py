"""A set measured against a named ETF: 'KODEX 200보다 보수 싼 코스피200 ETF', 'cheaper than TIGER 200', and what
orders the rest ('… 중 보수 제일 싼 거')."""

from __future__ import annotations

import query_api.router.parse.pieces as p
from query_api.router import ir
from query_api.router.parse.analyse import Analysis
from query_api.router.parse.cues import implied_measures
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.link import Link

CHEAP_WORDS = ("싸", "싼", "저렴", "cheap", "cheaper", "cheapest")


def against(a: Analysis, d: Dictionary, than: Link, measures: list[ir.Measure], scope: ir.TimeScope) -> ir.Query:
    """'KODEX 200보다 보수 싼 코스피200 ETF', 'TIGER 200보다 시총 작은 ETF 중 보수 제일 싼 거': the figure named after
    the ETF is cut at that ETF's own; a superlative after it orders what is left."""
    ref = ir.EtfNamed(than.id)
    after = [h for h in a.of("measures") if h.start >= than.end]
    said = sorted((*a.of("directions"), *a.of("comparators"), *a.of("implied_sorts")), key=lambda h: h.start)
    words = [h for h in said if h.start >= than.end] or [h for h in said if than.start - 16 <= h.end <= than.start]
    first = words[0] if words else None  # the cut's direction: after the ETF in Korean, before it in English
    cheap = first is not None and any(w in a.t.lower[first.start : first.end] for w in CHEAP_WORDS)
    if after and (first is None or after[0].start < first.start + 12):
        measure = ir.Measure(after[0].entry.key)
    else:
        measure = ir.Measure.FEE if cheap else (implied_measures(a, d) or [ir.Measure.MARKET_CAP])[0]
    low = cheap or (first is not None and first.entry.key in ("low", "lt", "le"))
    cs = [*p.set_constraints(a, d), ir.CondThan(measure, ir.Op.LT if low else ir.Op.GT, ref)]
    etfs = ir.EtfSet(tuple(cs), exclude=(ref,))
    if a.has("aggregates", "count"):
        return ir.Aggregate(etfs, time=scope)
    sort = _sort_after(a, d, first.end if first is not None else than.end)
    if sort is None or sort.measure is measure:
        return ir.ListEtfs(etfs, measures=(measure,), sort=ir.Sort(measure, descending=not low), time=scope)
    return ir.ListEtfs(etfs, measures=(measure, sort.measure), sort=sort, limit=p.limit_of(a), time=scope)


def _sort_after(a: Analysis, d: Dictionary, pos: int) -> ir.Sort | None:
    """The order said after the cut (… 중 보수 제일 싼 거): the direction after a superlative, with its measure."""
    sup = next((h for h in a.of("superlatives") if h.start >= pos), None)
    if sup is None:
        return None
    later = [h for h in (*a.of("directions"), *a.of("implied_sorts")) if h.start >= sup.start]
    if not later:
        return None
    h = min(later, key=lambda x: x.start)
    cheap = any(w in a.t.lower[h.start : h.end] for w in CHEAP_WORDS)
    m = p.measure_near(a, h.start, ir.Measure.FEE if cheap else None, figures=True)
    return ir.Sort(m, descending=not (cheap or h.entry.key == "low")) if m is not None else None

"""Cues about holdings in a question: thresholds on a stock's weight, rankings by it, and which side is asked
(the ETFs holding a stock, or the stocks an ETF holds)."""

from __future__ import annotations

import query_api.router.parse.pieces as p
from query_api.router import ir
from query_api.router.parse.analyse import Analysis
from query_api.router.parse.cues import most, rank_one


def weight_bounds(a: Analysis, thresholds: list) -> list[tuple[ir.Op, float]]:
    """The thresholds on a stock's weight (a % or 비중; a measure word nearby that names a group — 운용사별 — is not
    the figure): one, or a lower and an upper bound (2%~5%)."""
    out = []
    for m, op, value, n in thresholds:
        if (m in (None, ir.Measure.FEE) or m.value in p.DIM_VALUES) and (a.has("relations", "weight") or n.unit == "%"):
            out.append((op, value))
    return out[-2:] if len(out) == 2 and out[0][0] in (ir.Op.GE, ir.Op.GT) else out[-1:]


def top_holding_held(a: Analysis) -> bool:
    """'제일 비중 큰 종목 담은 ETF': a superlative before the holdings word, a verb of holding after it — the ETFs
    that hold the named ETF's top holding."""
    for h in a.of("relations", "holdings"):
        first = any(x.end <= h.start for x in (*a.of("superlatives"), *a.of("directions")))
        if first and any(x.start >= h.end for x in a.of("relations", "holds")):
            return True
    return False


def holdings_of_holder(a: Analysis) -> bool:
    """'엔솔 비중 1위 ETF의 상위 3종목', 'the top holdings of the ETF holding the most X': the top holder first, then
    the holdings word after 'ETF'."""
    at = a.t.lower.find("etf")
    if at < 0 or not (rank_one(a) or p.has_superlative(a) or most(a)):
        return False
    verbs = {(h.start, h.end) for h in a.of("relations", "holds")}  # 'holding' said as a verb is not holdings
    return any(h.start > at and (h.start, h.end) not in verbs for h in a.of("relations", "holdings"))


def stock_target(a: Analysis) -> bool:
    """The thing asked is stocks: '종목' / 'stocks' after the last verb of holding (ETF들이 많이 담은 코스닥 종목)."""
    holds = [h.end for h in a.of("relations", "holds")]
    if not holds:
        return False
    tail = a.t.lower[max(holds) :]
    stock_at = max(tail.rfind(w) for w in ("종목", "stock", "회사", "companies"))
    return stock_at >= 0 and tail.rfind("etf") < stock_at  # 편입된 종목 제일 많은 ETF: the ETFs are asked


def weight_sorted(a: Analysis) -> bool:
    """비중 제일 큰 / 가장 많이 담은 / holds the most: ETFs ranked by the stock's weight."""
    weights = a.of("relations", "weight")
    dirs = [*a.of("directions"), *a.of("aggregates", "max")]  # 비중 가장 높은: 가장 높 is the aggregate max
    ranks = [h for h in a.of("superlatives") if a.t.lower[h.start : h.end] in ("1위", "1등")]
    near = any(
        0 <= x.start - w.end <= 6 or 0 <= w.start - x.end <= 2 or _only_a_stock_between(a, x.end, w.start)
        for w in weights
        for x in [*dirs, *ranks]
    )
    holder = any(w in a.t.lower for w in TOP_HOLDER)  # when was the top holder of X listed
    return near or most(a) or holder


TOP_HOLDER = ("top holder", "biggest holder", "largest holder", "main holder")


def _only_a_stock_between(a: Analysis, start: int, end: int) -> bool:
    """'the heaviest 에스엘 weight': direction, stock, weight — the stock's name is all that stands between."""
    if end <= start:
        return False
    return any(
        k.type == "stock" and not a.t.text[start : k.start].strip() and not a.t.text[k.end : end].strip()
        for k in a.links
    )

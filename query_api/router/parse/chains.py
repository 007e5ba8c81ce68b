"""Chains that start from a named ETF's top holding(s): the ETFs that hold it, how many do, its sector, or a figure
of the ETF that holds it most ('KODEX 200 1등 종목 담은 ETF 몇 개', '상위 3종목 각각 담은 ETF 수', 'top holding의
업종', '제일 비중 큰 종목을 가장 많이 담은 ETF 보수')."""

from __future__ import annotations

import re

import query_api.router.parse.pieces as p
import query_api.router.parse.text as tx
from query_api.router import ir
from query_api.router.parse.analyse import Analysis
from query_api.router.parse.cues import limit_n
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.holding_cues import weight_bounds


def top_holding_chain(a: Analysis, d: Dictionary, etf: ir.EtfRef, measures: list[ir.Measure]) -> ir.Query:
    rel = set(a.keys("relations"))
    n = limit_n(a, past_rank=True)
    top = ir.StockFrom(ir.Holdings(etf, limit=n if n and n > 1 else 1), n=n if n and n > 1 else 1)
    place = tx.ordinal(a.t.text)
    if place is not None:  # the third largest holding: that one stock
        n, top = None, ir.StockFrom(ir.Holdings(etf, limit=place), rank=place)
    bounds = weight_bounds(a, p.thresholds(a))  # 1위 종목 10% 넘게 담은: a weight threshold on the chained stock
    op, weight = bounds[-1] if len(bounds) == 1 else (None, None)
    if any(k != "holder_count" for k in a.keys("stock_measures")):  # top holding의 업종: that stock's own facts
        return ir.StockLookup(stocks=(top,), holder_count=False)
    if a.has("aggregates", "count"):
        if n and n > 1:  # 상위 3종목 각각 담은 ETF 수: each stock's number of holders
            return ir.StockLookup(stocks=(top,))
        exclude = (etf,) if "other" in rel else ()  # 1등 종목 담은 ETF 몇 개: the ETF itself too unless 다른
        held = tuple(ir.HoldsStock(top, op=o, weight=v) for o, v in bounds) or (ir.HoldsStock(top),)
        return ir.Aggregate(ir.EtfSet(held, exclude=exclude))
    others = ir.EtfSet(exclude=(etf,))
    figures = [m for m in measures if m.value not in p.DIM_VALUES or m is ir.Measure.ISSUER]
    sort = None if _most_held_after(a) else p.sort_of(a, d)
    if (sort is not None and sort.measure is not ir.Measure.MARKET_CAP) or (sort is not None and figures):
        return ir.Holders(stock=top, etfs=others, sort=sort, limit=p.limit_of(a, 10))
    if figures:  # 그 종목 가장 많이 담은 ETF 보수: the top holder's figure
        return ir.Lookup(etfs=(ir.EtfFrom(ir.Holders(top, etfs=others, limit=1)),), measures=tuple(figures))
    return ir.Holders(stock=top, etfs=others, op=op, weight=weight, limit=n or 10)


_MOST_HELD = re.compile(r"(?:가장|제일|젤)\s*많이|\bmost\b|비중\s*(?:이\s*)?(?:가장|제일|젤)\s*(?:높|큰)")


def _most_held_after(a: Analysis) -> bool:
    """'…종목을 가장 많이 담은 ETF': after the first step's stock, the ETFs are ranked by its weight."""
    h = next(iter(a.of("relations", "holdings")), None)
    return h is not None and _MOST_HELD.search(a.t.lower[h.end :]) is not None

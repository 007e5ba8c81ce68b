"""The intent label of a parsed question, derived from the IR's shape (never set by the parser)."""

from __future__ import annotations

from atlas.intents import Intent
from query_api.router.ir.enums import Dim
from query_api.router.ir.nodes import (
    Aggregate,
    Changes,
    Compare,
    Constraint,
    DimIs,
    EtfFrom,
    Explain,
    Holders,
    Holdings,
    HoldsStock,
    ListEtfs,
    Lookup,
    NotHeld,
    Overlap,
    Query,
    SameSector,
    SectorMix,
    Similar,
    SimilarTo,
    StockFrom,
    StockLookup,
    TopStocks,
)


# -- intent from shape --------------------------------------------------------------------------------------------
def _is_chain(ref: object) -> bool:
    return isinstance(ref, EtfFrom | StockFrom)


def _is_relation(c: Constraint) -> bool:
    """Constraints through a graph relation: holds a stock, tracks an index, similar to an ETF."""
    return isinstance(c, HoldsStock | SimilarTo) or (isinstance(c, DimIs) and c.dim is Dim.INDEX)


def _one_per_stock(cs: tuple[Constraint, ...]) -> tuple[Constraint, ...]:
    """Two weight bounds on one stock (2%~5%) are one relation, not a chain of two."""
    seen: list[object] = []
    out = []
    for c in cs:
        if isinstance(c, HoldsStock):
            if c.stock in seen:
                continue
            seen.append(c.stock)
        out.append(c)
    return tuple(out)


def intent_of(query: Query) -> Intent:
    """The intent label of a parsed question, derived from its shape (see seeds/eval/README.md for the convention)."""
    match query:
        case NotHeld():
            return Intent.NEGATIVE
        case Explain():
            return Intent.OPEN
        case Lookup(etfs=etfs, weight_of=weight_of):
            if any(_is_chain(e) for e in etfs) or _is_chain(weight_of):
                return Intent.MULTI_HOP
            return Intent.COMPARISON if len(etfs) > 1 else Intent.ATTRIBUTE
        case StockLookup(stocks=stocks):
            if any(_is_chain(s) for s in stocks):
                return Intent.MULTI_HOP
            return Intent.COMPARISON if len(stocks) > 1 else Intent.ATTRIBUTE
        case Overlap() | Compare():
            return Intent.COMPARISON
        case ListEtfs(etfs=etfs, sort=sort):
            cs = _one_per_stock(etfs.constraints)
            members = (Dim.ISSUER, Dim.BRAND, Dim.INDEX)  # an issuer's, a brand's, an index's ETFs: a relation
            one_membership = len(cs) == 1 and isinstance(cs[0], DimIs) and cs[0].dim in members
            if (one_membership or (len(cs) == 1 and _is_relation(cs[0]))) and sort is None:
                return Intent.RELATION
            if any(_is_relation(c) for c in cs) and (len(cs) > 1 or sort is not None):
                return Intent.MULTI_HOP
            return Intent.FILTER
        case Aggregate(etfs=etfs):
            holds = [c for c in _one_per_stock(etfs.constraints) if isinstance(c, HoldsStock)]
            return Intent.MULTI_HOP if len(holds) > 1 or any(_is_chain(c.stock) for c in holds) else Intent.AGGREGATION
        case Holdings(etf=etf, sum_weights=sum_weights, count=count):
            if _is_chain(etf):
                return Intent.MULTI_HOP
            return Intent.AGGREGATION if sum_weights or count else Intent.RELATION
        case Holders(stock=stock, etfs=etfs, sort=sort, agg=agg):
            if agg is not None:
                return Intent.AGGREGATION
            if _is_chain(stock) or etfs.constraints or sort is not None:
                return Intent.MULTI_HOP
            return Intent.RELATION
        case Similar(etf=etf):
            return Intent.MULTI_HOP if _is_chain(etf) else Intent.RELATION
        case SectorMix(etf=etf):
            return Intent.MULTI_HOP if _is_chain(etf) else Intent.AGGREGATION
        case SameSector(stock=stock):
            return Intent.MULTI_HOP if _is_chain(stock) else Intent.RELATION
        case TopStocks():
            return Intent.AGGREGATION
        case Changes(count=count):
            return Intent.AGGREGATION if count else Intent.RELATION
    raise TypeError(f"no intent for {type(query).__name__}")

"""The query IR: what a question asks, typed — the one language between the parser, the compiler and the renderer.

A question parses into one `Query` (a tagged union of node kinds below). Nodes compose: an ETF set is all ETFs
narrowed by constraints; an entity reference is either named (a ticker, a stock code) or the result of another node
(a chain: "the top holding of X", "the cheapest ETF of S", "the ETF most similar to X"). Every closed set is a
StrEnum defined here once; few-shot examples, the optional LLM (which emits this IR as JSON, schema from these
Structs) and the evaluation share them. The intent label is derived from a node's shape (`intent_of`), never set.

Values (tickers, codes, numbers, dates) live in the IR and reach SQL/Cypher only as parameters.
"""

from __future__ import annotations

from datetime import date

from atlas.intents import Intent
from query_api.router.ir.enums import (
    Agg,
    ChangeKind,
    Dim,
    EntityType,
    Measure,
    NotHeldKind,
    Op,
    Window,
)
from query_api.router.ir.intent import intent_of
from query_api.router.ir.nodes import (
    Aggregate,
    Changes,
    Compare,
    Cond,
    CondThan,
    Constraint,
    DimIs,
    EtfCount,
    EtfFrom,
    EtfNamed,
    EtfRef,
    EtfSet,
    Explain,
    Holders,
    Holdings,
    HoldsStock,
    Leveraged,
    Listed,
    ListEtfs,
    Lookup,
    NameHas,
    NotHeld,
    Overlap,
    Query,
    SameSector,
    SectorMix,
    Similar,
    SimilarTo,
    Sort,
    StockFrom,
    StockLookup,
    StockNamed,
    StockRef,
    Tagged,
    TimeScope,
    TopStocks,
)

__all__ = [
    "Agg",
    "Aggregate",
    "ChangeKind",
    "Changes",
    "Compare",
    "Cond",
    "CondThan",
    "Constraint",
    "Dim",
    "DimIs",
    "EntityType",
    "EtfCount",
    "EtfFrom",
    "EtfNamed",
    "EtfRef",
    "EtfSet",
    "Explain",
    "Holders",
    "Holdings",
    "HoldsStock",
    "Intent",
    "Leveraged",
    "ListEtfs",
    "Listed",
    "Lookup",
    "Measure",
    "NameHas",
    "NotHeld",
    "NotHeldKind",
    "Op",
    "Overlap",
    "Query",
    "SameSector",
    "SectorMix",
    "Similar",
    "SimilarTo",
    "Sort",
    "StockFrom",
    "StockLookup",
    "StockNamed",
    "StockRef",
    "Tagged",
    "TimeScope",
    "TopStocks",
    "Window",
    "date",
    "intent_of",
]

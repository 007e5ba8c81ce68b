"""The question parser: question → `Parsed` (a typed ir.Query, the entities it names, and what it did not use).

Deterministic and fast: entity names come from the marts (`load_dictionary`), Korean morphology from Kiwi with those
names as user words, and every other word from the lexicon (query_api/router/lexicon/words.yaml).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

import msgspec

from query_api.router import ir
from query_api.router.parse.analyse import analyse
from query_api.router.parse.compose import compose
from query_api.router.parse.dictionary import DataDates, Dictionary

__all__ = ["DataDates", "Dictionary", "Mention", "Parsed", "load_dictionary", "near_matches", "parse"]

log = logging.getLogger("query_api.router.parse")

DICTIONARY_QUERIES = {
    "etf_terms": "router_etf_terms",
    "stock_terms": "router_stock_terms",
    "issuers": "router_issuers",
    "indexes": "router_indexes",
    "sectors": "router_sectors",
    "tags": "router_tags",
    "brand_aliases": "router_brand_aliases",
    "price_dates": "router_price_dates",
    "holdings_dates": "router_holdings_dates",
}
_TYPES = {
    "etf": ir.EntityType.ETF,
    "stock": ir.EntityType.STOCK,
    "issuer": ir.EntityType.ISSUER,
    "brand": ir.EntityType.ISSUER,
    "index": ir.EntityType.INDEX,
    "sector": ir.EntityType.SECTOR,
    "tag": ir.EntityType.TAG,
}


class Mention(msgspec.Struct, frozen=True):
    type: ir.EntityType
    id: str
    name: str
    text: str  # as written in the question


class Parsed(msgspec.Struct, frozen=True):
    query: ir.Query
    mentions: tuple[Mention, ...]
    lang: str  # "ko" | "en"
    confidence: float  # 0..1
    unused: tuple[str, ...]  # content words the parse did not use
    left_out: tuple[str, ...] = ()  # unknown words the answer was given without (named in its caveat)
    not_held: tuple[
        str, ...
    ] = ()  # unknown words asked for as well (추적오차도 같이): the caveat says the data lacks them


def parse(question: str, dictionary: Dictionary, as_of: date | None = None) -> Parsed:
    """Question → Parsed. Pure and synchronous; never raises on user text (what is not understood → ir.NotHeld)."""
    try:
        a = analyse(question[:500], dictionary)
    except Exception:
        log.exception("analysis failed for %r", question)
        return Parsed(ir.NotHeld(ir.NotHeldKind.ENTITY, terms=(question[:80],)), (), "ko", 0.0, ())
    mentions = []
    for k in a.links:
        mid = dictionary.brand_issuer.get(k.id, k.id) if k.type == "brand" else k.id
        mentions.append(Mention(_TYPES[k.type], mid, k.name, k.text(a.t)))
    try:
        query, left, missing = compose(a, dictionary, as_of)
    except Exception:
        log.exception("composition failed for %r", question)
        query, left, missing = ir.NotHeld(ir.NotHeldKind.ENTITY, terms=tuple(t.form for t in a.unused())), (), ()
    unused = tuple(a.t.text[t.start : t.end] for t in a.unused())
    confidence = 1.0
    confidence -= 0.15 * sum(k.how in ("typo", "partial") for k in a.links)
    if isinstance(query, ir.NotHeld):
        confidence = 0.8 if query.terms else 0.5
    elif unused:
        confidence -= 0.2 * len(unused)
    return Parsed(query, tuple(mentions), a.t.lang, max(0.05, min(1.0, confidence)), unused, left, missing)


async def load_dictionary(conn: Any) -> Dictionary:
    """Dictionary from the marts (psycopg AsyncConnection with dict rows). Kiwi loads in a worker thread (~1 s)."""
    from query_api.db import fetch_all, load_sql

    rows: dict[str, list[dict[str, Any]]] = {}
    for key, name in DICTIONARY_QUERIES.items():
        rows[key] = await fetch_all(conn, load_sql(name), {})
    return await asyncio.to_thread(Dictionary.from_rows, rows)


async def near_matches(conn: Any, terms: list[str], limit: int = 3) -> list[str]:
    """Names that look like `terms` (pg_trgm over the ETF and stock search marts), best first."""
    from query_api.db import fetch_all, load_sql
    from query_api.router.parse.text import norm

    tokens = [norm(t) for t in terms if len(norm(t)) >= 2]
    if not tokens:
        return []
    found: list[tuple[float, str]] = []
    for name in ("router_fuzzy_etfs", "router_fuzzy_stocks"):
        for r in await fetch_all(conn, load_sql(name), {"tokens": tokens}):
            found.append((float(r["sim"]), r["name"]))
    out: list[str] = []
    for _sim, name in sorted(found, key=lambda f: -f[0]):
        if name not in out:
            out.append(name)
    return out[:limit]

"""Few-shot examples for the new router: the nearest examples' IR for a question, filled with the parse's entities.

Contract (for query_api.router.service):
- `ExampleIndex(config)` embeds the masked question (`masked_question`) with the configured embeddings endpoint and
  reads the nearest rows of `fewshot.examples` (atlas.fewshot.nearest_irs_async) on a connection you pass.
- `await index.nearest(conn, question, parsed, k)` → `list[FewShot]`, nearest first: each with the example's own IR
  (`example_ir`, filled with the example's entities: what the LLM prompt shows) and `query`, the example's IR filled
  with THIS question's entities (None when the parse lacks an entity the template needs). Empty when embeddings
  are off or failing (then retried after EMBED_RETRY_S), never raises for that.
- `await index.tie_break(conn, question, parsed)` → `ir.Query | None`. Call it ONLY when the deterministic parse
  failed: `needs_tie_break(parsed)` (an `ir.NotHeld` with confidence < LOW_CONFIDENCE). Never on the path of a parse
  that succeeded. It returns the filled IR of the nearest example within MAX_DISTANCE that uses every word the
  parse could not place (its `unused` and NotHeld terms: embeddings alone put "분배금" next to "거래대금") and whose
  slots all fill from the parse; else None (nothing near enough, or the nearest example is NEGATIVE: the parse's
  answer stands).
  The returned IR goes through the compiler like any parse.
- `await index.close()` at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import msgspec
import psycopg
from psycopg.rows import tuple_row

from atlas.fewshot import SlotError, fill_slots, nearest_irs_async
from query_api.config import ApiConfig
from query_api.router import ir

if TYPE_CHECKING:
    from query_api.router.parse import Parsed

log = logging.getLogger("query_api.router.examples")

LOW_CONFIDENCE = 0.5  # a NotHeld parse below this may be replaced by the nearest example's IR
MAX_DISTANCE = (
    0.08  # cosine distance of masked questions (multilingual-e5-small): rephrasings 0.00-0.07, unrelated > 0.15
)
EMBED_RETRY_S = 30.0
CACHE_SIZE = 2048

PLACEHOLDER = {
    ir.EntityType.ETF: ("etf", "{ETF}"),
    ir.EntityType.STOCK: ("stock", "{STOCK}"),
    ir.EntityType.ISSUER: ("issuer", "{ISSUER}"),
    ir.EntityType.INDEX: ("index", "{INDEX}"),
    ir.EntityType.SECTOR: ("sector", "{SECTOR}"),
    ir.EntityType.TAG: ("tag", "{TAG}"),
}
UNITS = {"조": 1e12, "억": 1e8, "만": 1e4}
DATE_RE = re.compile(
    r"(?P<y>\d{4}|\d{2})\s*년\s*(?P<m>\d{1,2})\s*월(?:\s*(?P<d>\d{1,2})\s*일)?|(?P<iso>\d{4}-\d{2}-\d{2})"
)
NUMBER_RE = re.compile(r"(?<![\w{])(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>조|억|만)?(?:원)?")


@dataclass(frozen=True)
class FewShot:
    id: str
    question: str
    intent: str
    distance: float
    example_ir: dict[str, Any] | None  # the example's IR with its own entities (for the LLM prompt)
    query: ir.Query | None  # the example's IR with this question's entities; None if a slot cannot be filled


def needs_tie_break(parsed: Parsed) -> bool:
    """Whether the parse failed enough for the few-shot examples to be asked: NotHeld with a low confidence."""
    return isinstance(parsed.query, ir.NotHeld) and parsed.confidence < LOW_CONFIDENCE


def masked_question(question: str, parsed: Parsed) -> str:
    """The question as the examples were embedded: entity mentions → {TYPE}, dates → {DATE}, numbers → {NUMBER}."""
    masked = question
    for mention in sorted(parsed.mentions, key=lambda m: -len(m.text)):
        if mention.text and mention.type in PLACEHOLDER:
            masked = masked.replace(mention.text, PLACEHOLDER[mention.type][1], 1)
    masked = DATE_RE.sub("{DATE}", masked)
    return NUMBER_RE.sub("{NUMBER}", masked)


def slot_values(question: str, parsed: Parsed) -> dict[str, Any]:
    """Entity slots of this question (etf, etf2, stock …, number, date, term) from the parse and the text."""
    values: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for mention in parsed.mentions:
        if mention.type not in PLACEHOLDER:
            continue
        base = PLACEHOLDER[mention.type][0]
        counts[base] = counts.get(base, 0) + 1
        values[base if counts[base] == 1 else f"{base}{counts[base]}"] = mention.id
    rest = question
    for mention in parsed.mentions:
        rest = rest.replace(mention.text, " ")
    dates = [_date(m) for m in DATE_RE.finditer(rest)]
    for i, day in enumerate(d for d in dates if d is not None):
        values["date" if i == 0 else f"date{i + 1}"] = day.isoformat()
    rest = DATE_RE.sub(" ", rest)
    for i, match in enumerate(NUMBER_RE.finditer(rest)):
        number = float(match["n"].replace(",", "")) * UNITS.get(match["unit"] or "", 1.0)
        values["number" if i == 0 else f"number{i + 1}"] = int(number) if number.is_integer() else number
    terms = parsed.query.terms if isinstance(parsed.query, ir.NotHeld) and parsed.query.terms else parsed.unused
    if terms:
        values["term"] = terms[0]
    return values


def _squashed(text: str) -> str:
    return "".join(text.lower().split())


def _failed_words(parsed: Parsed) -> list[str]:
    """The words the parse could not place (unused, or a NotHeld's terms): an example must use them all."""
    terms = parsed.query.terms if isinstance(parsed.query, ir.NotHeld) else ()
    return sorted({_squashed(w) for w in (*parsed.unused, *terms) if len(_squashed(w)) >= 2})


def _date(match: re.Match[str]) -> date | None:
    try:
        if match["iso"]:
            return date.fromisoformat(match["iso"])
        year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
        return date(year, int(match["m"]), int(match["d"] or 1))
    except ValueError:
        return None


def filled(template: dict[str, Any] | None, entities: dict[str, Any]) -> ir.Query | None:
    """A template filled and decoded; None when a slot is missing or the result is not a valid IR."""
    if template is None:
        return None
    try:
        return msgspec.json.decode(msgspec.json.encode(fill_slots(template, entities)), type=ir.Query)
    except (SlotError, msgspec.ValidationError, msgspec.DecodeError):
        return None


class ExampleIndex:
    """Nearest few-shot examples of a question, with their IR (see the module doc for the contract)."""

    def __init__(self, config: ApiConfig, embedder: Any | None = None) -> None:
        self.config = config
        self._embedder = embedder
        self._vectors: OrderedDict[str, Any] = OrderedDict()
        self._retry_at = 0.0

    @property
    def enabled(self) -> bool:
        return self._embedder is not None or bool(self.config.embedding_base_url)

    async def nearest(
        self, conn: psycopg.AsyncConnection[Any], question: str, parsed: Parsed, k: int = 5
    ) -> list[FewShot]:
        if not self.enabled or time.monotonic() < self._retry_at:
            return []
        try:
            vector = await self._vector(masked_question(question, parsed))
            factory = conn.row_factory
            conn.row_factory = tuple_row  # type: ignore[assignment]
            try:
                rows = await nearest_irs_async(conn, vector, k)
            finally:
                conn.row_factory = factory
        except Exception as exc:  # any failure: no examples for a while, the parse stands
            log.info("few-shot examples unavailable (%s)", repr(exc)[:200])
            self._retry_at = time.monotonic() + EMBED_RETRY_S
            return []
        entities = slot_values(question, parsed)
        out = []
        for row in rows:
            own = filled(row.ir, row.entities) if row.ir else None
            out.append(
                FewShot(
                    row.id,
                    row.question,
                    row.intent,
                    row.distance,
                    msgspec.to_builtins(own) if own is not None else None,
                    filled(row.ir, entities),
                )
            )
        return out

    async def tie_break(self, conn: psycopg.AsyncConnection[Any], question: str, parsed: Parsed) -> ir.Query | None:
        """The nearest example's IR for a parse that failed (needs_tie_break), or None; see the module doc."""
        if not needs_tie_break(parsed):
            return None
        words = _failed_words(parsed)
        for example in await self.nearest(conn, question, parsed):
            if example.distance > MAX_DISTANCE or example.intent == ir.Intent.NEGATIVE:
                return None
            if not all(w in _squashed(example.question) for w in words):
                continue  # the example does not use the words the parse failed on (e.g. 분배금 ≠ 거래대금)
            if example.query is not None and not isinstance(example.query, ir.NotHeld):
                return example.query
        return None

    async def _vector(self, masked: str) -> Any:
        vector = self._vectors.get(masked)
        if vector is not None:
            self._vectors.move_to_end(masked)
            return vector
        if self._embedder is None:
            from atlas.embeddings import Embedder

            self._embedder = Embedder(
                self.config.embedding_base_url or "", self.config.embedding_model, self.config.embedding_api_key
            )
        vector = await asyncio.wait_for(self._embedder.embed_one_async(masked), self.config.embedding_timeout_s)
        self._vectors[masked] = vector
        while len(self._vectors) > CACHE_SIZE:
            self._vectors.popitem(last=False)
        return vector

    async def close(self) -> None:
        if self._embedder is not None and hasattr(self._embedder, "aclose"):
            await self._embedder.aclose()

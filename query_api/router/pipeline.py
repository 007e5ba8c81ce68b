"""The router: normalise → link entities → classify intent → plan → execute (read-only) → answer.

The dictionary is loaded from the marts at start-up (and again on the first question after a failure, so an API
started before the data or during an outage recovers by itself). Embeddings for the few-shot lookup are optional:
when the endpoint is unreachable the router uses its rules alone and tries the endpoint again later.

The rules classify first; the nearest few-shot examples are looked up only when the rules are unsure (confidence
below EXAMPLES_BELOW): an embedding costs ~50 ms and the model server answers one request at a time, while the
examples can only change an unsure decision (see intent.combine). Embeddings are kept in an LRU cache keyed by the
masked question ("{ETF} 총보수 알려줘" is one key for every ETF).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import logging
import re
import time
from collections import OrderedDict
from typing import Any

import msgspec
from psycopg.rows import dict_row, tuple_row

from query_api import validation
from query_api.config import ApiConfig
from query_api.db import Database, fetch_all, load_sql
from query_api.errors import ApiError, BadInput, ServiceUnavailable
from query_api.router import answer as answers
from query_api.router.channels import StepRun, execute
from query_api.router.entities import EntityDictionary, Linking, Mention, link
from query_api.router.intent import IntentDecision, Neighbour, combine, rule_intent
from query_api.router.normalize import normalize
from query_api.router.planner import Context, Plan, Step, make_plan
from query_api.router.slots import Slots, extract
from query_api.schemas.ask import AskResponse, Entity, PlanStep, StepResult
from query_api.services.text import norm

log = logging.getLogger("query_api.router")

MAX_QUESTION = 500
DICTIONARY_QUERIES = {
    "etf_terms": "router_etf_terms",
    "stock_terms": "router_stock_terms",
    "issuers": "router_issuers",
    "indexes": "router_indexes",
    "sectors": "router_sectors",
    "tags": "router_tags",
    "brand_aliases": "router_brand_aliases",
}
ENTITY_TYPE_OUT = {"brand": "issuer"}
FUZZY_ACCEPT = 0.5
MISNAMED_SIMILARITY = 0.6
CACHE_SIZE = 2048
CACHE_TTL_S = 600.0
EXAMPLES_BELOW = 0.8  # rule confidence under which the nearest few-shot examples are consulted
EMBEDDING_CACHE_SIZE = 4096
EMBED_RETRY_S = 30.0
EMBED_WARM_TIMEOUT_S = 10.0


class Router:
    def __init__(self, db: Database, config: ApiConfig) -> None:
        self.db = db
        self.config = config
        self.dictionary = EntityDictionary()
        self.graph_as_of: str | None = None
        self.latest_holdings: str | None = None
        self._load_lock = asyncio.Lock()
        self._embedder: Any = None
        self._embed_retry_at = 0.0
        self.llm: Any = None
        # Answers are cached per (question, as_of) until new data arrives (see invalidate) or CACHE_TTL_S passes.
        self._cache: OrderedDict[tuple[str, str | None], tuple[float, AskResponse]] = OrderedDict()
        self._embeddings: OrderedDict[str, Any] = OrderedDict()  # masked question -> vector (LRU)
        self._stale = False

    @property
    def linker(self) -> EntityDictionary:
        return self.dictionary

    async def start(self) -> None:
        try:
            await self.ensure_loaded()
        except ApiError as exc:
            log.warning("entity dictionary not loaded yet (%s); retrying on the first question", exc.message)
        await self._warm_embedder()
        if self.config.chat_model and self.config.chat_base_url:
            from query_api.router.llm import LlmPlanner

            self.llm = LlmPlanner(self.config)

    async def stop(self) -> None:
        if self.llm is not None:
            with contextlib.suppress(Exception):
                await self.llm.close()
        if self._embedder is not None:
            with contextlib.suppress(Exception):  # closing is best effort
                await self._embedder.aclose()

    def invalidate(self, *_: object) -> None:
        """New data arrived (a collection or holding-changes event): forget cached answers, reload the dictionary."""
        self._cache.clear()
        self._stale = True

    async def ensure_loaded(self) -> None:
        if self.dictionary.loaded and not self._stale:
            return
        async with self._load_lock:
            if self.dictionary.loaded and not self._stale:
                return
            self._stale = False
            rows: dict[str, list[dict[str, Any]]] = {}
            async with self.db.connection() as conn:
                for key, name in DICTIONARY_QUERIES.items():
                    try:
                        rows[key] = await fetch_all(conn, load_sql(name), {})
                    except ApiError as exc:
                        if key in ("brand_aliases", "tags", "sectors"):
                            log.warning("dictionary part %s unavailable: %s", key, exc.message)
                            rows[key] = []
                        else:
                            raise
                dates = await fetch_all(conn, load_sql("holdings_dates"), {})
                self.latest_holdings = dates[0]["latest_holdings_date"] if dates else None
                self.graph_as_of = await self._graph_date(conn)
            self.dictionary = EntityDictionary.from_rows(rows)
            log.info("entity dictionary: %d terms; graph as of %s", len(self.dictionary.terms), self.graph_as_of)

    async def _graph_date(self, conn: Any) -> str | None:
        """The holdings date the graph was built for (None when there is no graph to ask)."""
        from query_api.graph import run_cypher

        try:
            async with conn.transaction():
                rows = await run_cypher(
                    conn, "MATCH (:ETF)-[h:HOLDS]->(:Stock) RETURN max(h.as_of) AS as_of", None, ["as_of"]
                )
        except ApiError:
            return None
        value = rows[0]["as_of"] if rows else None
        return str(value)[:10] if value else None

    # -- the pipeline -----------------------------------------------------------------------------------------

    async def ask(self, question: str, as_of: str | None = None) -> AskResponse:
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        text = validation.text(question if isinstance(question, str) else "", "question", MAX_QUESTION)
        as_of_date = validation.date(as_of, "as_of")
        await self.ensure_loaded()
        t = time.perf_counter()
        normalized = normalize(text)
        key = (normalized.text, as_of_date.isoformat() if as_of_date else None)
        cached = self._cache.get(key) if self.config.answer_cache else None
        if cached is not None and time.monotonic() - cached[0] < CACHE_TTL_S and self.llm is None:
            self._cache.move_to_end(key)
            response = cached[1]
            return msgspec.structs.replace(
                response, timings_ms={**response.timings_ms, "cached": 1.0, "total": _ms(t0)}
            )
        linking = link(normalized, self.dictionary)
        if not (linking.ids("etf") or linking.ids("stock")) and (linking.name_tokens or linking.leftovers):
            await self._near_misses(linking)
        near_miss = bool(linking.foreign_tickers) or (not linking.mentions and _unknown_etf_name(linking))
        if linking.brand_fragments and not linking.ids("etf"):
            near_miss = await self._misnamed_etf(linking) or near_miss
        timings["link"] = _ms(t)

        t = time.perf_counter()
        slots = extract(linking.masked, linking)
        rule = rule_intent(linking, slots, near_miss)
        neighbours: list[Neighbour] = []
        vector_step: StepRun | None = None
        if rule[1] < EXAMPLES_BELOW or self.llm is not None:  # the chat model is prompted with the examples
            neighbours, vector_step = await self._neighbours(linking.masked, timings)
        decision = combine(rule, neighbours)
        timings["classify"] = _ms(t)

        t = time.perf_counter()
        as_of_iso = as_of_date.isoformat() if as_of_date else _date_in_question(linking, slots)
        graph_ok = self.graph_as_of is not None and (as_of_iso is None or as_of_iso >= self.graph_as_of)
        ctx = Context(as_of=as_of_iso, graph_ok=graph_ok)
        plan: Plan | None = None
        runs: list[StepRun] | None = None
        if self.llm is not None and as_of_iso is None:
            plan, runs, decision = await self._llm_plan(text, decision, linking, neighbours)
        if plan is None or runs is None:
            plan = make_plan(decision.intent, linking, slots, ctx)
            timings["plan"] = _ms(t)
            t = time.perf_counter()
            runs = await execute(self.db, plan, self.config.query_timeout_ms)
        else:
            timings["plan"] = _ms(t)
        timings["execute"] = _ms(t)

        t = time.perf_counter()
        text_answer, sources = answers.compose(plan, runs, linking, slots, normalized.lang)
        if plan.operation == "llm":
            text_answer = await self.llm.answer(text, runs) or text_answer
        if as_of_iso and not any(r.rows for r in runs) and decision.intent != "NEGATIVE":
            text_answer += (
                f" ({as_of_iso} 이전 데이터가 없습니다.)"
                if normalized.lang == "ko"
                else f" (No data on or before {as_of_iso}.)"
            )
        timings["answer"] = _ms(t)
        timings["total"] = _ms(t0)
        if vector_step is not None:
            runs = [vector_step, *runs]
            sources = [*sources, "fewshot.examples (nearest examples)"]
        response = _response(text, decision, linking, plan, runs, text_answer, sources, timings)
        if plan.operation != "llm" and self.config.answer_cache:
            self._cache[key] = (time.monotonic(), response)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return response

    async def _llm_plan(
        self, text: str, decision: IntentDecision, linking: Linking, neighbours: list[Neighbour]
    ) -> tuple[Plan | None, list[StepRun] | None, IntentDecision]:
        """The chat model's plan, validated and executed; (None, None, decision) means: use the deterministic one."""
        generated = await self.llm.plan(text, decision, linking, neighbours)
        if generated is None:
            return None, None, decision
        plan, intent = generated
        try:
            runs = await execute(self.db, plan, self.config.query_timeout_ms)
        except ServiceUnavailable:
            raise
        except ApiError as exc:
            log.warning("generated plan failed in the database (%s); using the deterministic plan", exc.message)
            return None, None, decision
        decided = IntentDecision(
            intent, decision.confidence, decision.rule + " + chat model", decision.rule_intent, decision.neighbours
        )
        return plan, runs, decided

    async def _misnamed_etf(self, linking: Linking) -> bool:
        """A brand with a name close to an ETF's ('TIGER 미국나스닥200' ~ 'TIGER 미국나스닥100') but no ETF's name."""
        async with self.db.connection() as conn:
            rows = await fetch_all(conn, load_sql("router_fuzzy_etfs"), {"tokens": linking.brand_fragments})
        close = [r for r in rows if float(r["sim"]) >= MISNAMED_SIMILARITY]
        if close:
            surfaces = self.dictionary.surfaces
            linking.unknown_names.extend(dict.fromkeys(surfaces.get(r["token"], r["token"]) for r in close))
            linking.unknown_name_keys.extend(dict.fromkeys(r["token"] for r in close))
        return bool(close)

    async def _near_misses(self, linking: Linking) -> bool:
        """Typos and partial names: accept a close match as an entity; otherwise report that something unknown was
        named (True) so the question can be answered as NEGATIVE with suggestions."""
        tokens = _fuzzy_tokens(linking)
        if not tokens:
            return False
        for token in tokens:
            # one-edit typos only for words long enough to be names (not 미국200 ~ 흥국200); glued pairs need letters
            is_pair = token not in linking.name_tokens
            long_enough = len(token) >= 4 and not (is_pair and not any(ch.isascii() and ch.isalpha() for ch in token))
            typo = self.dictionary.one_edit(token) if long_enough else []
            if typo:
                best = typo[0]
                linking.mentions.append(_fuzzy_mention(best.type, best.id, best.name, token, "typo", 0.8))
                return False
        async with self.db.connection() as conn:
            etfs = await fetch_all(conn, load_sql("router_fuzzy_etfs"), {"tokens": tokens})
            stocks = await fetch_all(conn, load_sql("router_fuzzy_stocks"), {"tokens": tokens})
        best_etf = etfs[0] if etfs else None
        best_stock = stocks[0] if stocks else None
        for best, kind in sorted(
            ((b, k) for b, k in ((best_etf, "etf"), (best_stock, "stock")) if b), key=lambda x: -float(x[0]["sim"])
        ):
            # a typo of a name, not a stray number: letters, at least 3 of them, and a length close to the name's
            letters = sum(ch.isalpha() for ch in best["token"])
            close_length = letters >= 3 and abs(len(best["token"]) - len(norm(best["term"]))) <= 2
            if float(best["sim"]) >= FUZZY_ACCEPT and close_length and looks_like_name(best["token"]):
                linking.mentions.append(
                    _fuzzy_mention(kind, best["id"], best["name"], best["token"], "fuzzy", float(best["sim"]))
                )
                return False
        return any(looks_like_name(t) for t in tokens)

    async def _warm_embedder(self) -> None:
        """Create the embeddings client and embed once at start-up, so the first unsure question does not pay for
        imports and connection set-up (bounded; an unreachable endpoint only means rules alone for a while)."""
        if not self.config.embedding_base_url:
            return
        try:
            embedder = self._get_embedder()
            await asyncio.wait_for(embedder.embed_one_async("{ETF} 총보수"), EMBED_WARM_TIMEOUT_S)
        except Exception as exc:
            log.info("embeddings endpoint not ready at start-up (%s); the rules decide until it answers", exc)

    def _get_embedder(self) -> Any:
        if self._embedder is None:
            from atlas.embeddings import Embedder

            self._embedder = Embedder(
                self.config.embedding_base_url or "", self.config.embedding_model, self.config.embedding_api_key
            )
        return self._embedder

    async def _embedding(self, masked: str, timings: dict[str, float]) -> Any:
        """The masked question's vector: from the LRU cache, or from the model (timed as `embed`)."""
        vector = self._embeddings.get(masked)
        if vector is not None:
            self._embeddings.move_to_end(masked)
            timings["embedding_cached"] = 1.0
            return vector
        t = time.perf_counter()
        embedder = self._get_embedder()
        vector = await asyncio.wait_for(embedder.embed_one_async(masked), self.config.embedding_timeout_s)
        timings["embed"] = _ms(t)
        self._embeddings[masked] = vector
        while len(self._embeddings) > EMBEDDING_CACHE_SIZE:
            self._embeddings.popitem(last=False)
        return vector

    async def _neighbours(self, masked: str, timings: dict[str, float]) -> tuple[list[Neighbour], StepRun | None]:
        """Nearest few-shot examples of the masked question; empty (rules only) when embeddings are unavailable."""
        if not self.config.embedding_base_url or time.monotonic() < self._embed_retry_at:
            return [], None
        try:
            from atlas.fewshot import retrieve_async

            vector = await self._embedding(masked, timings)
            async with self.db.connection() as conn:
                conn.row_factory = tuple_row  # type: ignore[assignment]  # atlas.fewshot reads rows by position
                try:
                    found = await retrieve_async(conn, vector, 5)
                finally:
                    conn.row_factory = dict_row  # type: ignore[assignment]
        except Exception as exc:  # any failure: rules only, retry in a while
            log.info("few-shot lookup unavailable (%s); using rules only", repr(exc)[:200])
            self._embed_retry_at = time.monotonic() + EMBED_RETRY_S
            return [], None
        neighbours = [Neighbour(e.id, e.intent, e.distance, e.question, list(e.queries)) for e in found]
        step = Step(
            "vector",
            "nearest few-shot examples of the masked question (fewshot.examples, cosine)",
            "fewshot_nearest",
            {"masked_question": masked, "k": 5},
            "neighbours",
        )
        rows = [
            {"id": n.id, "intent": n.intent, "distance": round(n.distance, 4), "question": n.question}
            for n in neighbours
        ]
        return neighbours, StepRun(step, step.params, rows)


_NAMED_ETF = re.compile(r"([^\s{}]+)\s*etf")


def _unknown_etf_name(linking: Linking) -> bool:
    """'리플 ETF ...': a word naming an ETF theme that matches nothing in the data."""
    from query_api.router.entities import _PARTICLES
    from query_api.router.lexicon import STOPWORDS

    for match in _NAMED_ETF.finditer(linking.cue_text.lower()):
        token = match.group(1)
        token = _PARTICLES.sub("", token) if len(token) > 2 else token
        if token not in STOPWORDS and looks_like_name(token) and not token.isdigit():
            return True
    return False


def _date_in_question(linking: Linking, slots: Slots) -> str | None:
    """'2024년 6월 보유종목': a date in the question (not a listing-date condition) is the as-of date."""
    if not linking.dates or slots.listed_after or slots.listed_before:
        return None
    value = linking.dates[0]
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            first_next = dt.date(year + month // 12, month % 12 + 1, 1)
            return (first_next - dt.timedelta(days=1)).isoformat()
        return dt.date(int(value), 12, 31).isoformat()
    except ValueError:
        return None


def _fuzzy_tokens(linking: Linking) -> list[str]:
    """Name-like leftover words, and adjacent pairs glued together (kodax + 200 → kodax200)."""
    tokens = list(linking.name_tokens or linking.leftovers)
    pairs = [a + b for a, b in itertools.pairwise(tokens) if looks_like_name(a) or looks_like_name(b)]
    singles = [t for t in tokens if looks_like_name(t)]
    return list(dict.fromkeys(pairs + singles))[:12]


_VERB_ENDINGS = tuple(
    [
        "는",
        "은",
        "된",
        "한",
        "할",
        "해",
        "줘",
        "요",
        "까",
        "냐",
        "니",
        "지",
        "게",
        "고",
        "다",
        "던",
        "려",
        "면",
        "데",
        "서",
        "별",
    ]
)  # 별: per-group words


def looks_like_name(token: str) -> bool:
    """Could this leftover word name an ETF or a stock (rather than be a question word)?"""
    from query_api.router.lexicon import ASCENDING_RE, ATTRIBUTE_RES, CONDITION_RES, CUE_RES, DESCENDING_RE

    if len(token) < 2 or (token.isdigit() and len(token) != 6):
        return False
    if token.endswith(_VERB_ENDINGS) and not any(ch.isascii() and ch.isalnum() for ch in token):
        return False
    for patterns in (ATTRIBUTE_RES, CONDITION_RES):
        if any(p.search(token) for p in patterns.values()):
            return False
    if ASCENDING_RE.search(token) or DESCENDING_RE.search(token):
        return False
    return not any(p.search(token) for k, p in CUE_RES.items() if k != "negative_topic")


def _fuzzy_mention(kind: str, ident: str, name: str, token: str, how: str, score: float) -> Mention:
    return Mention(kind, ident, name, token, -1, -1, how, score)


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000.0, 3)


def _response(
    question: str,
    decision: IntentDecision,
    linking: Linking,
    plan: Plan,
    runs: list[StepRun],
    answer: str,
    sources: list[str],
    timings: dict[str, float],
) -> AskResponse:
    entities: list[Entity] = []
    seen: set[tuple[str, str]] = set()
    for m in linking.mentions:
        kind = ENTITY_TYPE_OUT.get(m.type, m.type)
        ident = m.id
        if m.type == "brand":
            ident = m.id  # the brand (e.g. KODEX); its issuer is resolved in the plan
        if (kind, ident) in seen:
            continue
        seen.add((kind, ident))
        entities.append(Entity(type=kind, id=ident, name=m.name))
    plan_out, results = [], []
    for number, run in enumerate(runs, start=1):
        step = run.step
        from query_api.db import load_cypher, load_sql

        try:
            if step.channel == "vector":
                query = _fewshot_query()
            elif step.query_text:
                query = step.query_text
            else:
                query = load_cypher(step.query_name) if step.channel == "cypher" else load_sql(step.query_name)
        except KeyError:
            query = step.query_name
        deps = [
            d + (1 if runs and runs[0].step.channel == "vector" and step.channel != "vector" else 0)
            for d in step.depends_on
        ]
        plan_out.append(
            PlanStep(
                step=number,
                channel=step.channel,
                purpose=step.purpose,
                query=query.strip(),
                params=_jsonable(run.params),
                depends_on=deps,
            )
        )
        results.append(StepResult(step=number, channel=step.channel, rows=run.rows))
    return AskResponse(
        question=question,
        intent=decision.intent,
        confidence=float(decision.confidence),
        entities=entities,
        plan=plan_out,
        results=results,
        answer=answer,
        sources=sources,
        timings_ms=timings,
    )


def _fewshot_query() -> str:
    try:
        from atlas.fewshot.sql import statement

        return str(statement("nearest"))
    except Exception:
        return "fewshot nearest examples"


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    from query_api.db import plain

    return {k: plain(v) for k, v in params.items()}


__all__ = ["BadInput", "Router", "ServiceUnavailable", "Slots"]

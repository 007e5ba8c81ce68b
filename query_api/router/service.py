"""The router service: question → parse (IR) → compile (SQL/Cypher) → execute (read-only) → render (answer).

Same public API as the first design's router had (start/stop/invalidate/ensure_loaded/ask, `dictionary`,
`llm`), so app.py, ask_cli.py, evaluation.py and loadcheck.py switch by one import. The dictionary of names and the
data's dates are loaded from the marts at start-up (and again on the first question after a failure or after new
data arrived). Answers are cached per (normalised question, as_of) until new data arrives.

Every statement runs on the read-only role with the API's statement timeout, values only as parameters; every
statement run is one whose rows the answer shows (its sources).

`atlas eval [--set questions|holdout|holdout2]` evaluates it (the app wires this router).
"""

from __future__ import annotations

import asyncio
import logging
import time
import unicodedata
from collections import OrderedDict
from datetime import date
from typing import Any

import msgspec

from query_api import validation
from query_api.config import ApiConfig
from query_api.db import Database, fetch_all, load_sql, plain
from query_api.errors import ApiError
from query_api.graph import run_cypher
from query_api.router import ir
from query_api.router.compile import Channel, CompileError, Ctx, Statement, compile_query
from query_api.router.examples import ExampleIndex, needs_tie_break
from query_api.router.llm import LlmParser
from query_api.router.parse import Dictionary, Parsed, load_dictionary, near_matches, parse
from query_api.router.render import RenderCtx, Result, render
from query_api.router.render.left_out import with_left_out
from query_api.schemas.ask import AskResponse, Entity, PlanStep, StepResult

log = logging.getLogger("query_api.router")

MAX_QUESTION = 500
CACHE_SIZE = 4096
GRAPH_DATE = "MATCH (:ETF)-[h:HOLDS]->(:Stock) RETURN max(h.as_of) AS as_of"
NEAR_MATCHES_PURPOSE = "names that look like the words not found (pg_trgm over the search marts)"
LLM_BELOW = 0.8  # parse confidence under which a configured chat model is asked for the IR


def normalise(question: str) -> str:
    """The cache key of a question: NFKC, lower case, single spaces, no trailing punctuation."""
    text = unicodedata.normalize("NFKC", question).lower()
    return " ".join(text.split()).rstrip("?!.。 ")


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000.0, 3)


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _days(values: Any) -> tuple[date, ...]:
    return tuple(sorted({d for d in (_day(v) for v in values) if d is not None}))


class Router:
    def __init__(self, db: Database, config: ApiConfig) -> None:
        self.db = db
        self.config = config
        self.dictionary: Dictionary = Dictionary()
        self.graph_as_of: date | None = None
        self.latest_holdings: date | None = None
        self._price_dates: tuple[date, ...] = ()
        self._holdings_dates: tuple[date, ...] = ()
        self.llm: LlmParser | None = None  # when a chat model is configured (query_api.router.llm)
        self.examples = ExampleIndex(config)  # few-shot IR: a tie-break for a failed parse, and the LLM's prompt
        self._loaded = False
        self._stale = False
        self._load_lock = asyncio.Lock()
        self._cache: OrderedDict[tuple[str, str | None], AskResponse] = OrderedDict()

    async def start(self) -> None:
        try:
            await self.ensure_loaded()
        except ApiError as exc:
            log.warning("router dictionary not loaded yet (%s); retrying on the first question", exc.message)
        if self.config.chat_model and self.config.chat_base_url:
            self.llm = LlmParser(self.config)

    async def stop(self) -> None:
        if self.llm is not None:
            await self.llm.close()
        await self.examples.close()

    def invalidate(self, *_: object) -> None:
        """New data arrived: forget cached answers; the dictionary and dates reload on the next question."""
        self._cache.clear()
        self._stale = True

    async def ensure_loaded(self) -> None:
        if self._loaded and not self._stale:
            return
        async with self._load_lock:
            if self._loaded and not self._stale:
                return
            self._stale = False
            async with self.db.connection() as conn:
                dictionary = await load_dictionary(conn)
                dates = await fetch_all(conn, load_sql("holdings_dates"), {})
                graph = await self._graph_date(conn)
            self.dictionary = dictionary
            data_dates = dictionary.data_dates
            self._price_dates = _days(data_dates.price_dates)
            self._holdings_dates = _days(data_dates.holdings_dates)
            self.latest_holdings = _day(dates[0]["latest_holdings_date"]) if dates else None
            self.graph_as_of = graph
            self._loaded = True
            log.info("router dictionary loaded; holdings %s, graph %s", self.latest_holdings, self.graph_as_of)

    async def _graph_date(self, conn: Any) -> date | None:
        """The holdings date the graph was built for (None: no graph to ask; the SQL routes answer)."""
        try:
            async with conn.transaction():
                rows = await run_cypher(conn, GRAPH_DATE, None, ["as_of"])
        except ApiError:
            return None
        return _day(rows[0]["as_of"]) if rows else None

    # -- the stages ------------------------------------------------------------------------------------------------
    def context(self, as_of: date | None) -> Ctx:
        return Ctx(
            as_of=as_of,
            graph_as_of=self.graph_as_of,
            latest_holdings=self.latest_holdings,
            price_dates=self._price_dates,
            holdings_dates=self._holdings_dates,
        )

    async def execute(self, statements: list[Statement]) -> list[Result]:
        """Run the statements in order on one read-only connection (autocommit reads, the API's timeout)."""
        results: list[Result] = []
        if not statements:
            return results
        async with self.db.reads(self.config.query_timeout_ms) as conn:
            for st in statements:
                if st.channel is Channel.CYPHER:
                    rows = await run_cypher(conn, st.text, st.params, st.columns)
                else:
                    rows = await fetch_all(conn, st.text, st.params)
                results.append(Result(st, rows))
        return results

    async def _suggest(self, query: ir.NotHeld) -> tuple[ir.NotHeld, Result | None]:
        """Near matches for the words of a NotHeld answer that names no suggestion yet (one pg_trgm read)."""
        if query.suggestions or not query.terms or query.kind not in (ir.NotHeldKind.ENTITY,):
            return query, None
        async with self.db.reads(self.config.query_timeout_ms) as conn:
            found = await near_matches(conn, list(query.terms))
        if not found:
            return query, None
        statement = Statement(
            Channel.SQL,
            NEAR_MATCHES_PURPOSE,
            load_sql("router_fuzzy_etfs").strip() + "\n-- and --\n" + load_sql("router_fuzzy_stocks").strip(),
            {"tokens": list(query.terms)},
            tables=(("marts.mart_etf_search", None), ("marts.mart_stock_search", None)),
        )
        return msgspec.structs.replace(query, suggestions=tuple(found)), Result(statement, [{"name": n} for n in found])

    async def answer(self, question: str, parsed: Parsed, as_of: date | None) -> AskResponse:
        """Compile, execute and render a parse (also used by tests with hand-built IR)."""
        timings: dict[str, float] = {}
        t = time.perf_counter()
        query = parsed.query
        try:
            statements = compile_query(query, self.context(as_of))
        except CompileError as exc:
            log.warning("could not compile %s: %s", type(query).__name__, exc)
            query = ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=parsed.unused)
            statements = []
        timings["compile"] = _ms(t)
        t = time.perf_counter()
        results = await self.execute(statements)
        if isinstance(query, ir.NotHeld):
            query, suggestion = await self._suggest(query)
            if suggestion is not None:
                results.append(suggestion)
        timings["execute"] = _ms(t)
        t = time.perf_counter()
        names = {m.id: m.name for m in parsed.mentions}
        text, sources = render(query, results, RenderCtx(lang=parsed.lang, names=names))
        text = with_left_out(text, parsed.left_out, parsed.lang, parsed.not_held)
        timings["render"] = _ms(t)
        return _response(question, query, parsed, results, text, sources, timings)

    async def _second_opinion(self, question: str, parsed: Parsed) -> Parsed:
        """A failed parse: the nearest few-shot example's IR (a tie-break); an unsure one: the chat model's IR when
        one is configured. Either IR must compile, else the deterministic parse stands. Never for a sure parse."""
        if not self.examples.enabled and self.llm is None:
            return parsed
        async with self.db.reads(self.config.query_timeout_ms) as conn:
            query = await self.examples.tie_break(conn, question, parsed) if needs_tie_break(parsed) else None
            if query is None and self.llm is not None:
                nearest = await self.examples.nearest(conn, question, parsed)
                query = await self.llm.parse(question, parsed, nearest)
        if query is None:
            return parsed
        try:
            compile_query(query, self.context(None))
        except CompileError as exc:
            log.warning("second-opinion IR does not compile (%s); keeping the parse", exc)
            return parsed
        return msgspec.structs.replace(parsed, query=query)

    async def ask(self, question: str, as_of: str | None = None) -> AskResponse:
        t0 = time.perf_counter()
        text = validation.text(question if isinstance(question, str) else "", "question", MAX_QUESTION)
        as_of_date = validation.date(as_of, "as_of")
        await self.ensure_loaded()
        key = (normalise(text), as_of_date.isoformat() if as_of_date else None) if self.config.answer_cache else None
        if key is not None:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return msgspec.structs.replace(
                    cached, timings_ms={**cached.timings_ms, "cached": 1.0, "total": _ms(t0)}
                )
        t = time.perf_counter()
        parsed = parse(text, self.dictionary, as_of_date)
        timings = {"parse": _ms(t)}
        if needs_tie_break(parsed) or (self.llm is not None and parsed.confidence < LLM_BELOW):
            t = time.perf_counter()
            parsed = await self._second_opinion(text, parsed)
            timings["examples"] = _ms(t)
        response = await self.answer(text, parsed, as_of_date)
        response.timings_ms = {**timings, **response.timings_ms, "total": _ms(t0)}
        if key is not None:
            self._cache[key] = response
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return response


def _response(
    question: str,
    query: ir.Query,
    parsed: Parsed,
    results: list[Result],
    answer: str,
    sources: list[str],
    timings: dict[str, float],
) -> AskResponse:
    entities, seen = [], set()
    for m in parsed.mentions:
        if (m.type, m.id) not in seen:
            seen.add((m.type, m.id))
            entities.append(Entity(type=str(m.type), id=m.id, name=m.name))
    plan, rows = [], []
    for number, r in enumerate(results, start=1):
        st = r.statement
        params = {k: plain(v) for k, v in st.params.items()}
        deps = [d for d in st.depends_on]
        plan.append(PlanStep(number, str(st.channel), st.purpose, st.text, params, deps))
        rows.append(StepResult(number, str(st.channel), r.rows))
    return AskResponse(
        question=question,
        # a question asking as well for what the data lacks (추적오차도 같이) is answered in part: NEGATIVE
        intent=str(ir.Intent.NEGATIVE if parsed.not_held else ir.intent_of(query)),
        confidence=float(parsed.confidence),
        entities=entities,
        plan=plan,
        results=rows,
        answer=answer,
        sources=sources,
        timings_ms=timings,
        query=msgspec.to_builtins(query),
    )

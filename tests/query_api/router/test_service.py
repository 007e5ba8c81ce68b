"""The new router service on the test database: hand-built IR through compile → execute → render, and questions
through the parser; the response contract (query = IR JSON, plan = the statements run, sources, timings), the
answer cache and its invalidation, input validation."""

from __future__ import annotations

import msgspec
import pytest

from query_api.config import ApiConfig
from query_api.db import Database
from query_api.errors import BadInput
from query_api.router import ir
from query_api.router.parse import Mention, Parsed
from query_api.router.service import Router, normalise
from tests.query_api.router.compile.samples import SAMPLES

TIMINGS = {"parse", "compile", "execute", "render", "total"}


def _config(dsn: str, cache: bool) -> ApiConfig:
    return ApiConfig(dsn=dsn, embedding_base_url=None, chat_model=None, answer_cache=cache)


@pytest.fixture(scope="module")
async def router(api_db):  # type: ignore[no-untyped-def]
    config = _config(api_db.reader_dsn, cache=True)
    db = Database(config.dsn, min_size=1, max_size=4, statement_timeout_ms=config.query_timeout_ms)
    await db.open()
    await db.pool.wait(timeout=10.0)
    service = Router(db, config)
    await service.start()
    yield service
    await service.stop()
    await db.close()


def _parsed(query: ir.Query, lang: str = "ko") -> Parsed:
    mentions = (Mention(ir.EntityType.ETF, "069500", "KODEX 200", "KODEX 200"),)
    return Parsed(query, mentions, lang, 1.0, ())


@pytest.mark.parametrize("name", sorted(SAMPLES))
async def test_every_node_kind_answers_through_the_service(router: Router, name: str) -> None:
    query = SAMPLES[name]
    response = await router.answer("q", _parsed(query), None)
    assert response.intent == str(ir.intent_of(query))
    assert msgspec.convert(response.query, ir.Query) == query  # the IR as JSON, round trip
    assert len(response.plan) == len(response.results)
    assert [p.step for p in response.plan] == list(range(1, len(response.plan) + 1))
    for step in response.plan:
        assert step.channel in ("sql", "cypher") and step.query and step.purpose
    if name != "not_held":
        assert response.results[0].rows and response.sources
    assert response.answer
    assert {"compile", "execute", "render"} <= set(response.timings_ms)


async def test_a_question_is_parsed_compiled_and_answered(router: Router) -> None:
    response = await router.ask("KODEX 200 총보수 알려줘")
    assert response.intent == "ATTRIBUTE"
    assert response.query["type"] == "lookup"
    assert "069500" in response.answer and "%" in response.answer
    assert {"type": "etf", "id": "069500"}.items() <= msgspec.to_builtins(response.entities[0]).items()
    assert set(response.timings_ms) >= TIMINGS
    assert response.sources and all(s.startswith(("marts.", "graph ")) for s in response.sources)


async def test_the_plan_is_exactly_the_statements_whose_rows_are_shown(router: Router) -> None:
    response = await router.ask("삼성전자를 보유한 ETF")
    assert len(response.plan) == 1 and response.plan[0].params
    assert "%(" in response.plan[0].query or "$" in response.plan[0].query  # values as parameters
    assert "005930" not in response.plan[0].query
    shown = [r["ticker"] for r in response.results[0].rows]
    assert all(t in response.answer for t in shown)


async def test_answers_are_cached_per_question_and_date_until_new_data(router: Router) -> None:
    first = await router.ask("KODEX 200 시가총액")
    again = await router.ask("  kodex 200 시가총액?  ")
    assert again.timings_ms.get("cached") == 1.0 and again.answer == first.answer
    dated = await router.ask("KODEX 200 시가총액", "2024-11-05")
    assert "cached" not in dated.timings_ms
    router.invalidate()
    fresh = await router.ask("KODEX 200 시가총액")
    assert "cached" not in fresh.timings_ms
    assert normalise("  KODEX 200  시가총액? ") == "kodex 200 시가총액"


async def test_not_held_answers_say_so(router: Router) -> None:
    response = await router.ask("KODEX 200 PER 알려줘")
    assert response.intent == "NEGATIVE" and "데이터에 없" in response.answer


async def test_answered_in_part_is_negative(router: Router) -> None:
    # the held part is answered (its IR a holders query) and the lacking part named: the intent says NEGATIVE
    response = await router.ask("삼성전자 5% 넘게 담은 ETF들 추적오차도 같이 보여줘")
    assert response.query["type"] == "holders"
    assert response.intent == "NEGATIVE" and "추적오차" in response.answer


async def test_bad_input_is_refused(router: Router) -> None:
    with pytest.raises(BadInput):
        await router.ask("   ")
    with pytest.raises(BadInput):
        await router.ask("x" * 501)
    with pytest.raises(BadInput):
        await router.ask("KODEX 200", "2024-13-01")


class RecordedLlm:
    """A chat model that answers one IR (the LLM client itself is tested in tests/query_api/test_llm_mode.py)."""

    def __init__(self, reply: ir.Query) -> None:
        self.reply, self.calls = reply, 0

    async def parse(self, question: str, parsed: Parsed, examples: object = ()) -> ir.Query:
        self.calls += 1
        return self.reply

    async def close(self) -> None:
        pass


async def test_the_chat_model_is_asked_only_for_an_unsure_parse_and_its_ir_must_compile(router: Router) -> None:
    reply = ir.Lookup(etfs=(ir.EtfNamed("069500"),), measures=(ir.Measure.NAV,))
    llm = RecordedLlm(reply)
    router.llm = llm  # type: ignore[assignment]
    try:
        sure = await router.ask("TIGER 200 총보수 알려줘")
        assert llm.calls == 0 and sure.query["type"] == "lookup" and "102110" in sure.answer
        unsure = Parsed(ir.NotHeld(ir.NotHeldKind.ENTITY, terms=("뭐시기",)), (), "ko", 0.3, ("뭐시기",))
        assert (await router._second_opinion("뭐시기", unsure)).query == reply and llm.calls == 1
        llm.reply = ir.Aggregate(agg=ir.Agg.AVG, measure=ir.Measure.REPLICATION)  # does not compile
        assert (await router._second_opinion("뭐시기", unsure)).query == unsure.query
    finally:
        router.llm = None

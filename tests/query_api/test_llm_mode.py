"""The optional LLM mode and the few-shot examples of the new router.

`LlmParser` talks to a local server speaking the OpenAI chat-completions protocol over a real socket, answering with
recorded replies (llm_recordings.yaml): a valid IR is decoded; text that is not JSON, JSON that is not a valid IR,
an entity the question does not name, a server error, a body that is not a chat completion and a timeout all give
None (the service keeps the deterministic parse). `ExampleIndex` reads the nearest examples' IR from a real
fewshot.examples (real embeddings, read-only role) and breaks ties only for a parse that failed.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import psycopg
import pytest
import yaml

from atlas.config import Settings
from atlas.db.cluster import Cluster
from atlas.db.provision import drop_database, provision
from atlas.fewshot import load_examples, sync_examples
from query_api.config import ApiConfig
from query_api.router import ir
from query_api.router.examples import ExampleIndex, FewShot, masked_question, needs_tie_break, slot_values
from query_api.router.llm import IR_SCHEMA, LlmParser, decode_reply
from query_api.router.parse import Mention, Parsed
from tests.conftest import AtlasDatabase
from tests.embedding_endpoint import EmbeddingEndpoint

RECORDINGS = yaml.safe_load((Path(__file__).parent / "llm_recordings.yaml").read_text(encoding="utf-8"))
ETF = ir.EntityType.ETF


class FakeChat(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        FakeChat.requests.append(body)
        question = json.loads(body["messages"][-1]["content"])["question"]
        recording = next((r for r in RECORDINGS if r["question"] == question), None)
        if recording is None or recording.get("status"):
            self._send(recording.get("status", 404) if recording else 404, b'{"error": {"message": "no"}}')
            return
        time.sleep(recording.get("delay_s", 0))
        if "body" in recording:
            self._send(200, recording["body"].encode())
            return
        reply = {
            "id": "chatcmpl-recorded",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": recording["reply"]}}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        self._send(200, json.dumps(reply, ensure_ascii=False).encode())

    def _send(self, status: int, data: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def chat_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeChat)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
async def llm(chat_server: str) -> AsyncIterator[LlmParser]:
    config = ApiConfig(
        dsn="postgresql:///unused", chat_model="recorded-model", chat_base_url=chat_server, chat_timeout_s=1.0
    )
    parser = LlmParser(config)
    yield parser
    await parser.close()


def failed_parse(*mentions: Mention, unused: tuple[str, ...] = ()) -> Parsed:
    """What the deterministic parser gives for a question it could not read: NotHeld, low confidence."""
    return Parsed(ir.NotHeld(ir.NotHeldKind.ENTITY, terms=unused[:1]), mentions, "ko", 0.2, unused)


KODEX200 = Mention(ETF, "069500", "KODEX 200", "코덱스200")


# -- LlmParser ------------------------------------------------------------------------------------------------------


async def test_a_valid_ir_reply_is_decoded(llm: LlmParser) -> None:
    query = await llm.parse("코덱스200 총보수랑 운용사 알려줘", failed_parse(KODEX200, unused=("총보수", "운용사")))
    assert query == ir.Lookup(etfs=(ir.EtfNamed("069500"),), measures=(ir.Measure.FEE, ir.Measure.ISSUER))
    request = FakeChat.requests[-1]
    assert request["model"] == "recorded-model" and request["temperature"] == 0
    assert request["response_format"] == {"type": "json_object"}
    system, user = request["messages"][0]["content"], json.loads(request["messages"][1]["content"])
    assert json.dumps(IR_SCHEMA, ensure_ascii=False, separators=(",", ":")) in system
    assert user["parse"]["query"] == {"type": "not_held", "kind": "entity", "terms": ["총보수"]}
    assert user["parse"]["unused"] == ["총보수", "운용사"] and user["mentions"][0]["id"] == "069500"


async def test_a_fenced_chain_reply_is_decoded(llm: LlmParser) -> None:
    samsung = Mention(ir.EntityType.STOCK, "005930", "삼성전자", "삼전")
    query = await llm.parse("삼전 많이 담은 ETF 중에 제일 싼 거 3개", failed_parse(samsung))
    assert isinstance(query, ir.ListEtfs) and query.limit == 3 and ir.intent_of(query) == ir.Intent.MULTI_HOP
    chain = await llm.parse("코덱스200 1등 종목 담은 다른 ETF", failed_parse(KODEX200))
    assert isinstance(chain, ir.Holders) and isinstance(chain.stock, ir.StockFrom)
    assert ir.intent_of(chain) == ir.Intent.MULTI_HOP


async def test_the_few_shot_examples_are_in_the_prompt(llm: LlmParser) -> None:
    example = FewShot(
        "attr-fee-kodex200",
        "타이거200 수수료 얼마야?",
        "ATTRIBUTE",
        0.05,
        {"type": "lookup", "etfs": [{"type": "etf", "ticker": "102110"}], "measures": ["fee", "ter"]},
        None,
    )
    await llm.parse("코덱스200 총보수랑 운용사 알려줘", failed_parse(KODEX200), [example])
    user = json.loads(FakeChat.requests[-1]["messages"][1]["content"])
    assert user["examples"] == [{"question": example.question, "ir": example.example_ir}]


@pytest.mark.parametrize(
    ("question", "mention"),
    [
        ("타이거200 보수 알려줘", Mention(ETF, "102110", "TIGER 200", "타이거200")),  # not JSON
        ("코덱스 레버리지 보수 알려줘", Mention(ETF, "122630", "KODEX 레버리지", "코덱스 레버리지")),  # unknown measure
        ("코덱스 인버스 운용사", Mention(ETF, "114800", "KODEX 인버스", "코덱스 인버스")),  # an unknown field
        ("코덱스 반도체 보유종목", Mention(ETF, "091160", "KODEX 반도체", "코덱스 반도체")),  # an unknown node kind
        ("코덱스 200 보수", KODEX200),  # a ticker the question does not name
        ("ACE 200 보수 알려줘", Mention(ETF, "105190", "ACE 200", "ACE 200")),  # HTTP 500
        ("RISE 200 보수 알려줘", Mention(ETF, "148020", "RISE 200", "RISE 200")),  # not a chat completion
        ("없는 질문", KODEX200),  # HTTP 404
    ],
)
async def test_anything_invalid_gives_none(llm: LlmParser, question: str, mention: Mention) -> None:
    assert await llm.parse(question, failed_parse(mention)) is None


async def test_a_slow_model_times_out_to_none(llm: LlmParser) -> None:
    started = time.perf_counter()
    assert await llm.parse("PLUS 200 보수 알려줘", failed_parse(Mention(ETF, "152100", "PLUS 200", "PLUS 200"))) is None
    assert time.perf_counter() - started < 2.5  # the 1 s timeout, not the server's 3 s


def test_decode_reply_checks_entities_and_shape() -> None:
    reply = '{"type": "similar", "etf": {"type": "etf", "ticker": "069500"}}'
    assert decode_reply(reply, {"069500"}) == ir.Similar(etf=ir.EtfNamed("069500"))
    with pytest.raises(ValueError, match="names entities the question does not"):
        decode_reply(reply, {"102110"})
    with pytest.raises(ValueError):
        decode_reply('{"type": "lookup"}', {"069500"})  # etfs is required


# -- few-shot examples: masking, slots, the nearest examples' IR, tie-breaking ---------------------------------------


def test_masked_question_and_slots_follow_the_seed_conventions() -> None:
    parsed = failed_parse(KODEX200, Mention(ETF, "102110", "TIGER 200", "타이거200"))
    question = "코덱스200이랑 타이거200 보수 0.1% 이하야? 2025년 7월 이후 상장, 거래대금 1000억"
    assert masked_question(question, parsed) == (
        "{ETF}이랑 {ETF} 보수 {NUMBER}% 이하야? {DATE} 이후 상장, 거래대금 {NUMBER}"
    )
    slots = slot_values(question, parsed)
    assert slots == {
        "etf": "069500",
        "etf2": "102110",
        "date": "2025-07-01",
        "number": 0.1,
        "number2": 100_000_000_000,
    }


@pytest.fixture(scope="module")
def examples_db(cluster: Cluster, settings: Settings, embedding_endpoint: EmbeddingEndpoint) -> Iterator[AtlasDatabase]:
    name = f"atlas_test_llm_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    provision(cluster, name, settings.readonly_timeout_ms)
    db = AtlasDatabase(name=name, cluster=cluster)
    with db.loader() as conn:
        sync_examples(conn, load_examples(), embedding_endpoint.embedder())
    yield db
    drop_database(cluster, name)


@pytest.fixture
async def index_conn(
    examples_db: AtlasDatabase, embedding_endpoint: EmbeddingEndpoint
) -> AsyncIterator[tuple[ExampleIndex, psycopg.AsyncConnection[Any]]]:
    config = ApiConfig(examples_db.reader_dsn, embedding_base_url=embedding_endpoint.base_url, embedding_timeout_s=10.0)
    index = ExampleIndex(config)
    async with await psycopg.AsyncConnection.connect(examples_db.reader_dsn, autocommit=True) as conn:
        yield index, conn
    await index.close()


async def test_nearest_examples_carry_both_irs(index_conn: tuple[ExampleIndex, Any]) -> None:
    index, conn = index_conn
    found = await index.nearest(conn, "코덱스200 수수료 얼마임?", failed_parse(KODEX200), k=3)
    assert len(found) == 3 and found[0].intent == "ATTRIBUTE" and found[0].distance < 0.08
    assert found[0].example_ir is not None and found[0].example_ir["type"] == "lookup"
    assert found[0].query == ir.Lookup(etfs=(ir.EtfNamed("069500"),), measures=(ir.Measure.FEE, ir.Measure.TER))


async def test_a_failed_parse_is_replaced_by_the_nearest_examples_ir(index_conn: tuple[ExampleIndex, Any]) -> None:
    index, conn = index_conn
    parsed = failed_parse(KODEX200, unused=("수수료",))
    assert needs_tie_break(parsed)
    query = await index.tie_break(conn, "코덱스200 수수료 얼마임?", parsed)
    assert query == ir.Lookup(etfs=(ir.EtfNamed("069500"),), measures=(ir.Measure.FEE, ir.Measure.TER))


async def test_a_parse_that_succeeded_is_never_touched(index_conn: tuple[ExampleIndex, Any]) -> None:
    index, conn = index_conn
    parsed = Parsed(ir.Similar(etf=ir.EtfNamed("069500")), (KODEX200,), "ko", 0.9, ())
    assert not needs_tie_break(parsed)
    assert await index.tie_break(conn, "코덱스200 수수료 얼마임?", parsed) is None
    confident_negative = Parsed(ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=("PER",)), (KODEX200,), "ko", 0.9, ())
    assert await index.tie_break(conn, "코덱스200 PER 얼마임?", confident_negative) is None


async def test_no_tie_break_for_negatives_or_far_questions(index_conn: tuple[ExampleIndex, Any]) -> None:
    index, conn = index_conn
    negative = failed_parse(unused=("도지코인",))
    assert await index.tie_break(conn, "도지코인 ETF 수수료 얼마?", negative) is None
    far = failed_parse(unused=("양자역학",))
    assert await index.tie_break(conn, "양자역학의 코펜하겐 해석을 설명해 줄 수 있나요", far) is None
    # an example whose slots the parse cannot fill (no ETF mentioned) is not used either
    assert await index.tie_break(conn, "{ETF} 수수료 얼마임?", failed_parse()) is None


async def test_an_example_must_use_the_words_the_parse_failed_on(index_conn: tuple[ExampleIndex, Any]) -> None:
    """The embedding puts '{ETF} 분배금 얼마야' next to the traded-value examples: not held, so no tie-break."""
    index, conn = index_conn
    found = await index.nearest(conn, "코덱스200 분배금 얼마야", failed_parse(KODEX200), k=1)
    assert found[0].distance < 0.08 and found[0].intent == "ATTRIBUTE"  # near by embedding alone
    assert await index.tie_break(conn, "코덱스200 분배금 얼마야", failed_parse(KODEX200, unused=("분배금",))) is None

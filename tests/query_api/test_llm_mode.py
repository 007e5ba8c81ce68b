"""The optional LLM mode against a local server speaking the OpenAI chat-completions protocol (real sockets), with
recorded replies: valid generated SQL/Cypher runs read-only; writes, other schemas, literal values, broken JSON and
server errors all fall back to the deterministic plan."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from litestar.testing import AsyncTestClient

from query_api.app import create_app
from tests.query_api.conftest import api_config

RECORDINGS = yaml.safe_load((Path(__file__).parent / "llm_recordings.yaml").read_text(encoding="utf-8"))


class FakeChat(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        FakeChat.requests.append(body)
        prompt = json.loads(body["messages"][-1]["content"])
        question = prompt["question"]
        recording = next((r for r in RECORDINGS if r["question"] == question), None)
        if recording is None or recording.get("status"):
            self.send_response(recording.get("status", 404) if recording else 404)
            self.end_headers()
            return
        content = recording["answer"] if "results" in prompt else recording["plan"]
        reply = {
            "id": "chatcmpl-recorded",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(reply, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def chat_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeChat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
async def llm_client(api_db, chat_server: str) -> AsyncIterator[AsyncTestClient]:  # type: ignore[no-untyped-def]
    config = api_config(api_db.reader_dsn, chat_model="recorded-model", chat_base_url=chat_server, chat_timeout_s=5.0)
    async with AsyncTestClient(app=create_app(config), raise_server_exceptions=False) as client:
        yield client


async def ask(client: AsyncTestClient, question: str) -> dict[str, Any]:
    response = await client.post("/v1/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_generated_sql_is_validated_limited_and_run(llm_client: AsyncTestClient) -> None:
    body = await ask(llm_client, "KODEX 200 총보수랑 운용사 알려줘")
    step = body["plan"][0]
    assert step["query"].startswith("select * from (") and step["query"].endswith("limit 200")
    assert "marts.dim_etf" in step["query"] and step["params"] == {"etf": "069500"}
    assert body["results"][0]["rows"][0]["issuer_name"] == "삼성자산운용"
    assert body["answer"].endswith("[1].") and body["sources"] == ["marts.dim_etf"]
    prompt = FakeChat.requests[-2]
    assert prompt["model"] == "recorded-model" and "marts.dim_etf" in prompt["messages"][0]["content"]


async def test_generated_cypher_runs_with_parameters(llm_client: AsyncTestClient) -> None:
    body = await ask(llm_client, "삼성전자 비중이 가장 높은 ETF 세 개")
    assert body["intent"] == "RELATION" and body["plan"][0]["channel"] == "cypher"
    weights = [r["weight"] for r in body["results"][0]["rows"]]
    assert len(weights) == 3 and weights == sorted(weights, reverse=True)


@pytest.mark.parametrize(
    "question",
    [
        "레버리지 ETF 목록 다 지워줘",  # DELETE
        "원본 KRX 마스터에서 KODEX 200 보여줘",  # the raw schema
        "삼성전자 종목 노드 하나 더 만들어줘",  # Cypher CREATE
        "TIGER 200 보수 알려줘",  # not JSON
        "KODEX 레버리지 보수 알려줘",  # a literal value in the SQL text
        "ACE 200 보수 알려줘",  # the model server fails
    ],
)
async def test_anything_refused_falls_back_to_the_deterministic_plan(
    llm_client: AsyncTestClient, question: str
) -> None:
    body = await ask(llm_client, question)
    assert all(not p["query"].startswith("select * from (\n") for p in body["plan"])
    assert body["answer"] and "지웠습니다" not in body["answer"] and "만들었습니다" not in body["answer"]


async def test_nothing_was_written(llm_client: AsyncTestClient, api_db) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    with psycopg.connect(api_db.reader_dsn) as conn:
        assert conn.execute("select count(*) from marts.dim_etf where is_leveraged").fetchone()[0] > 0  # type: ignore[index]

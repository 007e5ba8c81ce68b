"""A real API process (`atlas serve` under uvicorn on a free port): every endpoint over HTTP, bad inputs, the
`atlas ask` CLI twin, and Server-Sent Events with Last-Event-ID resume (events written the way the pipeline
writes them: events.append, a row in events.stream and a NOTIFY carrying its id, in one transaction)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest

from tests.query_api.conftest import PROJECT_ROOT, Server, start_server

ASK_KEYS = {
    "question",
    "intent",
    "confidence",
    "entities",
    "plan",
    "results",
    "answer",
    "sources",
    "timings_ms",
    "query",
}


def test_every_endpoint_over_http(live_server: Server) -> None:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        assert http.get("/health").json()["database"] == "ok"
        assert "/v1/ask" in http.get("/schema/openapi.json").json()["paths"]
        assert http.get("/v1/etfs", params={"q": "타이거 200"}).json()["results"][0]["ticker"] == "102110"
        assert http.get("/v1/etfs/102110").json()["name"] == "TIGER 200"
        assert http.get("/v1/etfs/102110/holdings", params={"limit": 3}).json()["count"] == 3
        assert http.get("/v1/etfs/102110/similar").json()["similar"]
        assert http.get("/v1/stocks/000660/etfs").json()["name"] == "SK하이닉스"
        assert http.get("/v1/changes", params={"active_only": "false"}).status_code == 200
        exposure = http.post("/v1/portfolio/exposure", json={"positions": [{"ticker": "102110", "amount_krw": 1e6}]})
        assert exposure.json()["exposures"][0]["instrument_code"] == "005930"
        cypher = http.post(
            "/v1/graph/cypher",
            json={"query": "MATCH (e:ETF {ticker: $t}) RETURN e.name AS name", "params": {"t": "102110"}},
        )
        assert cypher.json()["rows"] == [{"name": "TIGER 200"}]
        ask = http.post("/v1/ask", json={"question": "하닉 담은 ETF 중에 보수 제일 싼 거"})
        assert ask.status_code == 200 and set(ask.json()) == ASK_KEYS and ask.json()["intent"] == "MULTI_HOP"


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/v1/etfs/not-a-ticker", {}, 400),
        ("get", "/v1/etfs/999998", {}, 404),
        ("get", "/v1/etfs", {"params": {"q": "kodex", "limit": 1000}}, 400),
        ("get", "/v1/etfs/102110/holdings", {"params": {"date": "2024-99-99"}}, 400),
        ("get", "/v1/changes", {"params": {"since": "tomorrow"}}, 400),
        ("post", "/v1/ask", {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}, 400),
        ("post", "/v1/ask", {"json": ["a list"]}, 400),
        ("post", "/v1/graph/cypher", {"json": {"query": "MATCH (n) DETACH DELETE n RETURN 1"}}, 400),
        ("post", "/v1/portfolio/exposure", {"json": {"positions": [{"ticker": "102110"}]}}, 400),
        ("get", "/v1/events", {"headers": {"Last-Event-ID": "abc"}}, 400),
        ("get", "/nowhere", {}, 404),
    ],
)
def test_bad_inputs_over_http(live_server: Server, method: str, path: str, kwargs: dict[str, Any], status: int) -> None:
    response = httpx.request(method, live_server.base_url + path, timeout=30, **kwargs)
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}


def test_atlas_ask_prints_the_api_json(api_db) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "ATLAS_DB_NAME": api_db.name, "ATLAS_EMBEDDINGS": "off"}
    env.pop("ATLAS_CHAT_MODEL", None)
    out = subprocess.run(
        [sys.executable, "-m", "atlas.cli", "ask", "KODEX 200 총보수 알려줘", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    body = json.loads(out.stdout)
    assert set(body) == ASK_KEYS and body["entities"][0]["id"] == "069500"
    plain = subprocess.run(
        [sys.executable, "-m", "atlas.cli", "ask", ""],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert plain.returncode == 2 and "question must not be empty" in plain.stderr


# -- Server-Sent Events -----------------------------------------------------------------------------------------

EMIT = "select events.append(%(channel)s, %(payload)s::jsonb)"  # the pipeline's writer: a row + NOTIFY, commit order


@dataclass
class Event:
    id: int
    event: str
    data: dict[str, Any]


class SseClient:
    """Reads one SSE stream line by line (a real HTTP connection; every read bounded by a timeout)."""

    def __init__(self, base_url: str, last_event_id: int | None = None) -> None:
        headers = {"Last-Event-ID": str(last_event_id)} if last_event_id is not None else {}
        self.client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(10.0))
        self.context = self.client.stream("GET", "/v1/events", headers=headers)
        self.response = self.context.__enter__()
        assert self.response.status_code == 200
        assert self.response.headers["content-type"].startswith("text/event-stream")
        self.lines = self.response.iter_lines()
        assert next(self.lines).startswith(": connected")

    def next_event(self) -> Event:
        fields: dict[str, str] = {}
        for line in self.lines:
            if line == "":
                if "data" in fields:
                    return Event(int(fields["id"]), fields["event"], json.loads(fields["data"]))
                fields = {}
                continue
            if line.startswith(":"):
                continue
            key, _, value = line.partition(": ")
            fields[key] = value
        raise AssertionError("the stream ended")

    def close(self) -> None:
        self.context.__exit__(None, None, None)
        self.client.close()


@pytest.fixture(scope="module")
def events_server(fresh_db, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    server = start_server(fresh_db.name, tmp_path_factory.mktemp("events"))
    yield server
    server.stop()


def emit(db: Any, channel: str, payload: dict[str, Any]) -> int:
    with psycopg.connect(db.loader_dsn, autocommit=True) as conn:
        row = conn.execute(EMIT, {"channel": channel, "payload": json.dumps(payload)}).fetchone()
    assert row is not None
    return int(row[0])


def test_sse_fans_out_and_resumes_with_last_event_id(events_server: Server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    first, second = SseClient(events_server.base_url), SseClient(events_server.base_url)
    ids = [emit(fresh_db, "new_collection", {"trade_date": f"2024-11-0{i}"}) for i in (1, 2, 3)]
    got = [first.next_event() for _ in ids]
    assert [e.id for e in got] == ids and got[0].event == "new_collection"
    assert got[0].data == {"trade_date": "2024-11-01", "id": ids[0]}
    assert [second.next_event().id for _ in ids] == ids  # one LISTEN connection, every client gets every event
    first.close()

    missed = [emit(fresh_db, "holding_changes", {"trade_date": "2024-11-04", "count": n}) for n in (7, 8)]
    resumed = SseClient(events_server.base_url, last_event_id=ids[-1])
    replayed = [resumed.next_event(), resumed.next_event()]
    assert [e.id for e in replayed] == missed and replayed[1].data["count"] == 8
    live = emit(fresh_db, "new_collection", {"trade_date": "2024-11-05"})
    after = resumed.next_event()
    assert after.id == live  # no duplicate of a replayed event, nothing lost in between
    assert [second.next_event().id for _ in range(3)] == [*missed, live]
    resumed.close()
    second.close()


def test_sse_resume_from_an_old_id_replays_everything_after_it(events_server: Server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    start = emit(fresh_db, "new_collection", {"trade_date": "2024-12-01"})
    later = [emit(fresh_db, "new_collection", {"trade_date": f"2024-12-0{i}"}) for i in (2, 3)]
    client = SseClient(events_server.base_url, last_event_id=start - 1)
    assert [client.next_event().id for _ in range(3)] == [start, *later]
    client.close()

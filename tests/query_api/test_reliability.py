"""Reliability of the API process: fuzzing from its own OpenAPI schema (schemathesis, >= 1000 requests, no 5xx,
responses match the schema), injection attempts that change nothing, and a database outage (a proxy cut between
the API and PostgreSQL) answered with 503s and recovered from by itself, SSE included."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import hypothesis
import psycopg
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.generation import GenerationMode

from tests.query_api.conftest import Server, start_server
from tests.query_api.tcp_proxy import TcpProxy
from tests.query_api.test_server import EMIT, SseClient

FUZZ_EXAMPLES_PER_OPERATION = 150
FUZZ_MIN_REQUESTS = 1000


def fuzz(operation: Any, mode: GenerationMode, base_url: str, sent: Counter[str]) -> None:
    """Generated requests for one operation: never a 5xx, every response as the schema says, errors as JSON."""

    @hypothesis.settings(
        max_examples=FUZZ_EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def call(case: Any) -> None:
        sent[mode.value] += 1
        response = case.call(base_url=base_url, timeout=60)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}

    try:
        call()
    except hypothesis.errors.Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # nothing to break in an operation without inputs


def test_fuzzing_from_the_openapi_schema(live_server: Server) -> None:
    schema = schemathesis.openapi.from_url(live_server.base_url + "/schema/openapi.json")
    sent: Counter[str] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path != "/v1/events"]  # an endless stream: see the SSE tests
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, live_server.base_url, sent)
    assert len(operations) >= 10
    assert sent["positive"] >= FUZZ_MIN_REQUESTS and sent["negative"] > 0, sent


INJECTIONS = [
    "'; DROP TABLE {canary}; --",
    "$$; DELETE FROM {canary}; $$",
    "KODEX 200'); DELETE FROM {canary}; --",
    "1 OR 1=1; UPDATE {canary} SET v = 0",
    "*/ CREATE TABLE pwned(x int); /*",
    "MATCH (n) DETACH DELETE n",
    "') RETURN 1; CREATE (x:ETF {ticker: 'x'}) //",
    "삼성전자\u0000; DROP TABLE {canary}",
    "\u202eKODEX 200\u202c 보수 ; SET ROLE atlas",
    "ＫＯＤＥＸ　２００ 총보수",
    "🙂" * 120,
    "a" * 499,
]


@pytest.fixture
def canary(api_db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    name = f"public.atlas_canary_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(api_db.loader_dsn, autocommit=True) as conn:
        conn.execute(f"create table {name} (v int)")
        conn.execute(f"insert into {name} values (1), (2), (3)")
    yield name
    with psycopg.connect(api_db.loader_dsn, autocommit=True) as conn:
        conn.execute(f"drop table if exists {name}")


def graph_counts(dsn: str) -> tuple[int, int]:
    with psycopg.connect(dsn) as conn:
        nodes = conn.execute("select count(*) from etf_graph._ag_label_vertex").fetchone()
        edges = conn.execute("select count(*) from etf_graph._ag_label_edge").fetchone()
    return int(nodes[0]), int(edges[0])  # type: ignore[index]


def test_injection_attempts_change_nothing(live_server: Server, api_db, canary: str) -> None:  # type: ignore[no-untyped-def]
    before = graph_counts(api_db.reader_dsn)
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        for template in INJECTIONS:
            text = template.replace("{canary}", canary)
            calls = [
                http.post("/v1/ask", json={"question": text}),
                http.get("/v1/etfs?q=" + quote(text[:200], safe="")),
                http.post("/v1/graph/cypher", json={"query": text}),
                http.post(
                    "/v1/graph/cypher",
                    json={"query": "MATCH (e:ETF {ticker: $t}) RETURN e.name AS name", "params": {"t": text}},
                ),
                http.get("/v1/etfs/" + quote(text[:12], safe="")),
                http.get("/v1/changes?issuer=" + quote(text[:100], safe="")),
            ]
            for response in calls:
                assert response.status_code < 500, (text, response.text)
                body = response.json()
                assert "error" in body or response.status_code == 200
                if response.status_code == 200 and "rows" in body:
                    assert body["rows"] == []  # parameter values never match as code
    with psycopg.connect(api_db.loader_dsn) as conn:
        assert conn.execute(f"select count(*) from {canary}").fetchone()[0] == 3  # type: ignore[index]
        assert conn.execute("select to_regclass('public.pwned')").fetchone()[0] is None  # type: ignore[index]
    assert graph_counts(api_db.reader_dsn) == before


@pytest.fixture
def proxied_server(fresh_db, tmp_path) -> Iterator[tuple[Server, TcpProxy]]:  # type: ignore[no-untyped-def]
    from atlas.config import Settings

    if os.environ.get("DATABASE_URL"):
        pytest.skip("the outage proxy sits in front of the embedded server")
    proxy = TcpProxy(upstream_port=Settings.from_env().pg_port)
    proxy.up()
    env = {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{proxy.port}/postgres"}
    server = start_server(fresh_db.name, tmp_path, extra_env=env)
    yield server, proxy
    server.stop()
    proxy.down()


def wait_for(check: Any, seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s")


def test_database_outage_gives_503_and_recovers(proxied_server: tuple[Server, TcpProxy], fresh_db) -> None:  # type: ignore[no-untyped-def]
    server, proxy = proxied_server
    cypher = {"query": "MATCH (e:ETF) RETURN count(e) AS n"}
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        assert http.get("/health").status_code == 200
        assert http.post("/v1/graph/cypher", json=cypher).status_code == 200
        listener = SseClient(server.base_url)

        proxy.down()
        during_outage = [http.get("/health"), http.post("/v1/graph/cypher", json=cypher), http.get("/health")]
        for response in during_outage:
            assert response.status_code == 503 and "error" in response.json()
        with psycopg.connect(fresh_db.loader_dsn, autocommit=True) as conn:  # written while the API cannot see it
            missed = int(
                conn.execute(EMIT, {"channel": "new_collection", "payload": json.dumps({"n": 1})}).fetchone()[0]
            )  # type: ignore[index]

        proxy.up()
        wait_for(lambda: http.get("/health").status_code == 200, 30)
        assert http.post("/v1/graph/cypher", json=cypher).json()["rows"] == [{"n": 0}]
        event = listener.next_event()  # the listener reconnected and replayed what it missed
        assert event.id == missed and event.data["n"] == 1
        listener.close()

"""A real restart of the embedded PostgreSQL while the API serves: 503 with a message during the outage,
then the pool and the LISTEN connection recover by themselves and no event is lost.

It stops the shared embedded server for a few seconds, so it runs only when ATLAS_TEST_DB_RESTART=1
(set by `make test`, hence in CI) and never against an external DATABASE_URL."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.conftest import AtlasDatabase
from tests.query_api.conftest import Server, start_server
from tests.query_api.test_reliability import wait_for
from tests.query_api.test_server import EMIT, SseClient

pytestmark = pytest.mark.skipif(
    os.environ.get("ATLAS_TEST_DB_RESTART") != "1", reason="restarts the shared server: set ATLAS_TEST_DB_RESTART=1"
)


@pytest.fixture
def restart_server(fresh_db: AtlasDatabase, tmp_path: Path) -> Iterator[Server]:
    if fresh_db.cluster.embedded is None:
        pytest.skip("an external server is not restarted by the tests")
    server = start_server(fresh_db.name, tmp_path)
    yield server
    server.stop()


def test_database_restart_gives_503_then_recovers(restart_server: Server, fresh_db: AtlasDatabase) -> None:
    embedded = fresh_db.cluster.embedded
    assert embedded is not None
    with httpx.Client(base_url=restart_server.base_url, timeout=30) as http:
        assert http.get("/health").status_code == 200
        listener = SseClient(restart_server.base_url)
        try:
            embedded.stop()
            during = [http.get("/health"), http.get("/v1/etfs", params={"q": "kodex"}), http.get("/v1/changes")]
            for response in during:
                assert response.status_code == 503
                assert response.json()["error"]
        finally:
            embedded.start(log=lambda _m: None)
        recovered_after = wait_for(lambda: http.get("/health").status_code == 200, 60)
        with psycopg.connect(fresh_db.loader_dsn, autocommit=True) as conn:
            row = conn.execute(EMIT, {"channel": "new_collection", "payload": json.dumps({"n": 7})}).fetchone()
        assert row is not None
        event = listener.next_event()  # delivered over the re-established LISTEN (or replayed from the table)
        assert event.id == int(row[0]) and event.data["n"] == 7
        listener.close()
    print(f"API healthy again {recovered_after:.1f} s after the server came back")

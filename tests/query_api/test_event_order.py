"""SSE ids follow commit order: two writers whose transactions overlap, a live listener and a client that
reconnects mid-way with Last-Event-ID all see every event exactly once, in order (a real `atlas serve` process;
events written by `events.append`, as the pipeline writes them)."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.query_api.conftest import Server, start_server
from tests.query_api.test_server import SseClient

APPEND = "select events.append(%(channel)s, %(payload)s::jsonb)"


@pytest.fixture(scope="module")
def order_server(fresh_db, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    server = start_server(fresh_db.name, tmp_path_factory.mktemp("order"))
    yield server
    server.stop()


def append(conn: psycopg.Connection, label: str) -> int:
    row = conn.execute(APPEND, {"channel": "holding_changes", "payload": json.dumps({"label": label})}).fetchone()
    assert row is not None
    return int(row[0])


class Writer(threading.Thread):
    """One transaction in its own thread: append an event, wait until released, commit."""

    def __init__(self, dsn: str, label: str) -> None:
        super().__init__(daemon=True)
        self.conn = psycopg.connect(dsn)
        self.label = label
        self.appended = threading.Event()
        self.release = threading.Event()
        self.event_id: int | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.event_id = append(self.conn, self.label)
            self.appended.set()
            self.release.wait(30)
            self.conn.commit()
        except BaseException as exc:  # reported by the test
            self.error = exc
        finally:
            self.conn.close()


def test_overlapping_writers_reach_listener_and_resuming_client_once_in_commit_order(
    order_server: Server,
    fresh_db: Any,
) -> None:
    live, resuming = SseClient(order_server.base_url), SseClient(order_server.base_url)
    first = Writer(fresh_db.loader_dsn, "first")
    second = Writer(fresh_db.loader_dsn, "second")
    first.start()
    assert first.appended.wait(10)
    second.start()
    # The second writer's transaction began later; it cannot draw an id (and so cannot commit) before the first
    # commits: with a bigserial it would have taken id n+1, committed first and made a listener skip n.
    assert not second.appended.wait(0.5)
    first.release.set()
    first.join(10)
    assert second.appended.wait(10)
    got = resuming.next_event()
    assert got.data["label"] == "first" and got.id == first.event_id
    resuming.close()  # disconnects before the second commits
    second.release.set()
    second.join(10)
    assert first.error is None and second.error is None
    assert first.event_id is not None and second.event_id is not None and first.event_id < second.event_id
    with psycopg.connect(fresh_db.loader_dsn, autocommit=True) as conn:
        third = append(conn, "third")
    back = SseClient(order_server.base_url, last_event_id=got.id)
    missed = [back.next_event(), back.next_event()]
    assert [e.id for e in missed] == [second.event_id, third]
    with psycopg.connect(fresh_db.loader_dsn, autocommit=True) as conn:
        fourth = append(conn, "fourth")
    assert back.next_event().id == fourth  # live after the replay, no duplicate in between
    assert [live.next_event().id for _ in range(4)] == [first.event_id, second.event_id, third, fourth]
    back.close()
    live.close()


def test_many_concurrent_writers_every_event_once_in_id_order(order_server: Server, fresh_db: Any) -> None:
    live = SseClient(order_server.base_url)
    rng = random.Random(14)
    writers = [Writer(fresh_db.loader_dsn, f"w{i}") for i in range(12)]
    for writer in writers:
        writer.start()
    # Release in a shuffled order with small delays: commits arrive in whatever order the lock allows.
    for writer in rng.sample(writers, len(writers)):
        threading.Timer(rng.uniform(0, 0.05), writer.release.set).start()
    for writer in writers:
        writer.join(30)
    assert all(w.error is None for w in writers)
    ids = sorted(w.event_id for w in writers if w.event_id is not None)
    assert len(ids) == len(writers)
    got = [live.next_event() for _ in writers]
    assert [e.id for e in got] == ids  # every event, once, ascending
    assert sorted(e.data["label"] for e in got) == sorted(w.label for w in writers)
    resumed = SseClient(order_server.base_url, last_event_id=ids[len(ids) // 2 - 1])
    assert [resumed.next_event().id for _ in ids[len(ids) // 2 :]] == ids[len(ids) // 2 :]
    resumed.close()
    live.close()

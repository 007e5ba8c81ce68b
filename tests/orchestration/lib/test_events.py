"""Collections are announced exactly once per trade date; holding changes become events; webhooks never fail runs."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import psycopg
import pytest

from orchestration.lib.events import IDEMPOTENCY_HEADER, deliver_webhooks, record_date, send_webhook
from tests.conftest import AtlasDatabase

DAY = date(2024, 11, 6)

FIXTURE_SQL = """
create table if not exists marts.fct_holding_changes (
    trade_date date, prev_date date, etf_ticker text, instrument_code text, instrument_name text,
    change_kind text, shares_prev numeric, shares_curr numeric, shares_delta numeric,
    weight_prev numeric, weight_curr numeric, weight_delta numeric
);
insert into raw.krx_etf_holdings (trade_date, etf_isu_cd, line_no, compst_isu_cd, _source)
values ('2024-11-06', 'KR7069500007', 1, '005930', 'test'), ('2024-11-06', 'KR7069500007', 2, '000660', 'test');
insert into marts.fct_holding_changes values
    ('2024-11-06', '2024-11-05', '069500', '005930', '삼성전자', 'increased', 100, 110, 10, 20.0, 20.1, 0.1),
    ('2024-11-06', '2024-11-05', '069500', '000660', 'SK하이닉스', 'decreased', 50, 40, -10, 9.0, 7.0, -2.0),
    ('2024-11-06', '2024-11-05', '069500', '035420', 'NAVER', 'added', null, 5, 5, null, 1.0, 1.0);
"""


@pytest.fixture
def events_db(scratch_db: AtlasDatabase) -> AtlasDatabase:
    with scratch_db.loader() as conn:
        conn.execute(FIXTURE_SQL)
    return scratch_db


def _drain(listener: psycopg.Connection) -> list[tuple[str, dict]]:
    return [(n.channel, json.loads(n.payload)) for n in listener.notifies(timeout=0.5, stop_after=10)]


def test_new_date_notifies_once_and_rerun_is_silent(events_db: AtlasDatabase) -> None:
    with events_db.loader() as listener, events_db.loader() as writer:
        listener.execute("listen new_collection")
        listener.execute("listen holding_changes")
        first = record_date(writer, DAY, run_id="run-1", threshold_pct=0.5)
        got = _drain(listener)
        second = record_date(writer, DAY, run_id="run-2", threshold_pct=0.5)
        again = _drain(listener)
    assert first.notified and not second.notified
    channels = sorted(channel for channel, _ in got)
    assert channels == ["holding_changes", "new_collection"]
    collection = next(payload for channel, payload in got if channel == "new_collection")
    assert collection["trade_date"] == "2024-11-06"
    assert collection["counts"]["holdings"] == 2
    assert collection["run_id"] == "run-1"
    assert again == []
    # 0.1 %p increase is under the threshold; the 2 %p decrease and the addition are events.
    assert first.changes == 2 and second.changes == 0


def test_stream_ids_are_recorded_for_resume(events_db: AtlasDatabase) -> None:
    with events_db.loader() as conn:
        result = record_date(conn, DAY, run_id="run-1", threshold_pct=0.5)
        rows = conn.execute("select id, channel from events.stream order by id").fetchall()
    assert [row[0] for row in rows] == result.stream_ids
    assert [row[1] for row in rows] == ["new_collection", "holding_changes"]


def test_day_without_data_is_not_announced(events_db: AtlasDatabase) -> None:
    with events_db.loader() as conn:
        result = record_date(conn, date(2024, 11, 9), run_id="run-1", threshold_pct=0.5)
        count = conn.execute("select count(*) from events.collection_runs").fetchone()
    assert not result.notified and count == (0,)


class _FlakyHook(BaseHTTPRequestHandler):
    """A webhook receiver that fails its first `failures_left` requests (500), then accepts; it keeps what it
    accepted by Idempotency-Key, so a repeated delivery is counted, not applied twice."""

    calls: ClassVar[list[tuple[str | None, dict]]] = []
    accepted: ClassVar[dict[str, dict]] = {}
    duplicates: ClassVar[int] = 0
    failures_left = 1

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers.get(IDEMPOTENCY_HEADER)
        cls = type(self)
        cls.calls.append((key, body))
        if cls.failures_left > 0:
            cls.failures_left -= 1
            self.send_response(500)
        else:
            if key is not None and key in cls.accepted:
                cls.duplicates += 1
            elif key is not None:
                cls.accepted[key] = body
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _hook_server(failures: int) -> Iterator[str]:
    _FlakyHook.calls, _FlakyHook.accepted, _FlakyHook.duplicates = [], {}, 0
    _FlakyHook.failures_left = failures
    server = HTTPServer(("127.0.0.1", 0), _FlakyHook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


@pytest.fixture
def hook_url() -> Iterator[str]:
    yield from _hook_server(failures=1)


@pytest.fixture
def down_then_up_hook() -> Iterator[str]:
    yield from _hook_server(failures=5)  # more than one delivery round of 3 attempts


def test_webhook_retries_then_succeeds(hook_url: str) -> None:
    assert send_webhook(hook_url, "hello", attempts=3, backoff_s=0.01)
    assert [body["content"] for _, body in _FlakyHook.calls] == ["hello", "hello"]


def test_webhook_failure_is_reported_not_raised() -> None:
    assert send_webhook("http://127.0.0.1:9/unreachable", "hello", attempts=2, backoff_s=0.01) is False


def _outbox(conn: psycopg.Connection) -> list[tuple[str, str, int]]:
    rows = conn.execute("select delivery_id::text, state, attempts from events.webhook_outbox order by stream_id")
    return [(r[0], r[1], r[2]) for r in rows.fetchall()]


def test_webhook_outbox_survives_a_failing_receiver_and_delivers_each_event_once(
    events_db: AtlasDatabase, down_then_up_hook: str
) -> None:
    day2 = date(2024, 11, 7)
    with events_db.loader() as conn:
        conn.execute(
            "insert into raw.krx_etf_holdings (trade_date, etf_isu_cd, line_no, compst_isu_cd, _source)"
            " values ('2024-11-07', 'KR7069500007', 1, '005930', 'test')"
        )
        first = record_date(conn, DAY, "run-1", 0.5, webhook_url=down_then_up_hook)
        second = record_date(conn, day2, "run-1", 0.5, webhook_url=down_then_up_hook)
        assert len(first.delivery_ids) == 1 and len(second.delivery_ids) == 1
        # The receiver fails 5 requests. Round 1, in event order: the first row's 3 attempts all fail (it stays
        # pending, not lost); the second row's fail twice, then it is accepted.
        round1 = deliver_webhooks(conn, attempts_per_round=3, backoff_s=0.01, retry_after_s=0.0)
        assert round1.retrying == first.delivery_ids and round1.delivered == second.delivery_ids
        assert [row[1:] for row in _outbox(conn)] == [("pending", 3), ("delivered", 3)]
        # Round 2 (the receiver has recovered) delivers the first; round 3 has nothing left to do.
        round2 = deliver_webhooks(conn, attempts_per_round=3, backoff_s=0.01, retry_after_s=0.0)
        round3 = deliver_webhooks(conn, attempts_per_round=3, backoff_s=0.01, retry_after_s=0.0)
        states = _outbox(conn)
        # a re-run of the same dates queues nothing new
        again = record_date(conn, DAY, "run-2", 0.5, webhook_url=down_then_up_hook)
    delivered = {*round1.delivered, *round2.delivered}
    assert round2.delivered == first.delivery_ids and round3.delivered == round3.retrying == []
    assert delivered == {*first.delivery_ids, *second.delivery_ids}
    assert [s for _, s, _ in states] == ["delivered", "delivered"]
    assert again.delivery_ids == [] and not again.notified
    # Each event reached the receiver exactly once (by its idempotency key), with the collection message.
    assert set(_FlakyHook.accepted) == delivered and _FlakyHook.duplicates == 0
    assert "2024-11-06" in _FlakyHook.accepted[first.delivery_ids[0]]["content"]
    keys = [key for key, _ in _FlakyHook.calls]
    assert all(key in delivered for key in keys)  # every attempt carried its delivery id
    assert keys.count(first.delivery_ids[0]) >= 4  # 3 failed attempts in round 1, then the accepted one


def test_webhook_outbox_gives_up_after_max_attempts(events_db: AtlasDatabase) -> None:
    with events_db.loader() as conn:
        events = record_date(conn, DAY, "run-1", 0.5, webhook_url="http://127.0.0.1:9/unreachable")
        for _ in range(2):
            deliver_webhooks(conn, attempts_per_round=2, max_attempts=4, backoff_s=0.01, retry_after_s=0.0)
        states = _outbox(conn)
        report = deliver_webhooks(conn, attempts_per_round=2, max_attempts=4, backoff_s=0.01, retry_after_s=0.0)
    assert states == [(events.delivery_ids[0], "failed", 4)]
    assert report.delivered == report.retrying == report.failed == []


def test_webhook_outbox_row_is_written_with_the_event_or_not_at_all(events_db: AtlasDatabase) -> None:
    with events_db.loader() as conn:
        with pytest.raises(psycopg.errors.DivisionByZero), conn.transaction():
            record_date(conn, DAY, "run-1", 0.5, webhook_url="http://127.0.0.1:9/x")
            conn.execute("select 1 / 0")
        counts = conn.execute(
            "select (select count(*) from events.stream), (select count(*) from events.webhook_outbox)"
        ).fetchone()
    assert counts == (0, 0)


def test_collected_dates_skip_days_without_rows(events_db: AtlasDatabase) -> None:
    from orchestration.lib.events import collected_dates

    with events_db.loader() as conn:
        assert collected_dates(conn, date(2024, 11, 1), date(2024, 11, 30)) == [DAY]
        assert collected_dates(conn, date(2024, 11, 7), date(2024, 11, 30)) == []

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

from orchestration.lib.events import record_date, send_webhook
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
    calls: ClassVar[list[dict]] = []
    failures_left = 1

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).calls.append(body)
        status = 500 if type(self).failures_left > 0 else 204
        type(self).failures_left -= 1
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook_url() -> Iterator[str]:
    _FlakyHook.calls, _FlakyHook.failures_left = [], 1
    server = HTTPServer(("127.0.0.1", 0), _FlakyHook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


def test_webhook_retries_then_succeeds(hook_url: str) -> None:
    assert send_webhook(hook_url, "hello", attempts=3, backoff_s=0.01)
    assert [call["content"] for call in _FlakyHook.calls] == ["hello", "hello"]


def test_webhook_failure_is_reported_not_raised() -> None:
    assert send_webhook("http://127.0.0.1:9/unreachable", "hello", attempts=2, backoff_s=0.01) is False


def test_collected_dates_skip_days_without_rows(events_db: AtlasDatabase) -> None:
    from orchestration.lib.events import collected_dates

    with events_db.loader() as conn:
        assert collected_dates(conn, date(2024, 11, 1), date(2024, 11, 30)) == [DAY]
        assert collected_dates(conn, date(2024, 11, 7), date(2024, 11, 30)) == []

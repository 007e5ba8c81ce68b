"""The run-failure sensor: one `pipeline_failed` stream event per failed run and one webhook delivery of it through
the outbox (a receiver that fails gets the alert later, with the same Idempotency-Key, and only once)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer

import dagster as dg
import pytest

from orchestration.defs.krx.sensors import pipeline_failure_alert
from orchestration.lib.events import IDEMPOTENCY_HEADER
from orchestration.resources import AtlasDatabase as DatabaseResource
from tests.conftest import AtlasDatabase


@dataclass
class Receiver:
    """What a webhook server accepted (bodies, idempotency keys) and what it refused; `failing` answers 503."""

    received: list[dict] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    failing: bool = False


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    """A real HTTP server that records the JSON bodies posted to it; ATLAS_WEBHOOK_URL points at it."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            key = self.headers.get(IDEMPOTENCY_HEADER, "")
            if state.failing:
                state.refused.append(key)
                self.send_response(503)
            else:
                state.received.append(body)
                state.keys.append(key)
                self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ATLAS_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/hook")
    yield state
    server.shutdown()


@pytest.fixture
def webhook(receiver: Receiver) -> list[dict]:
    return receiver.received


@dg.asset
def always_fails() -> None:
    raise RuntimeError("KRX answered 503 three times")


def _failed_run(instance: dg.DagsterInstance) -> tuple[dg.DagsterRun, dg.DagsterEvent]:
    result = dg.materialize([always_fails], instance=instance, raise_on_error=False)
    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    assert run is not None
    return run, result.get_run_failure_event()


def _evaluate(instance: dg.DagsterInstance, run: dg.DagsterRun, event: dg.DagsterEvent, db: AtlasDatabase) -> None:
    context = dg.build_run_status_sensor_context(
        sensor_name="pipeline_failure_alert",
        dagster_event=event,
        dagster_instance=instance,
        dagster_run=run,
        resources={"database": DatabaseResource(dsn=db.loader_dsn)},
    )
    pipeline_failure_alert(context)


def test_sensor_fires_once_per_failed_run(scratch_db: AtlasDatabase, webhook: list[dict]) -> None:
    with dg.DagsterInstance.ephemeral() as instance, scratch_db.loader() as listener:
        listener.execute("listen pipeline_failed")
        first_run, first_event = _failed_run(instance)
        _evaluate(instance, first_run, first_event, scratch_db)
        _evaluate(instance, first_run, first_event, scratch_db)  # the same failure seen again
        second_run, second_event = _failed_run(instance)
        _evaluate(instance, second_run, second_event, scratch_db)
        notified = [json.loads(n.payload) for n in listener.notifies(timeout=1.0, stop_after=10)]
    with scratch_db.loader() as conn:
        stream = [row[0] for row in conn.execute("select payload from events.stream where channel = 'pipeline_failed'")]
    assert sorted(p["run_id"] for p in stream) == sorted([first_run.run_id, second_run.run_id])
    assert sorted(p["run_id"] for p in notified) == sorted([first_run.run_id, second_run.run_id])
    assert len(webhook) == 2 and all("failed" in body["content"] for body in webhook)
    assert "503" in stream[0]["message"] or "always_fails" in stream[0]["message"]


def test_an_alert_the_receiver_refused_is_delivered_later_once(scratch_db: AtlasDatabase, receiver: Receiver) -> None:
    """The alert is an outbox row: a receiver answering 503 leaves it pending (retried with backoff, same key); the
    next evaluation after it is due delivers it, and evaluations after that send nothing more."""
    with dg.DagsterInstance.ephemeral() as instance:
        run, event = _failed_run(instance)
        receiver.failing = True
        _evaluate(instance, run, event, scratch_db)
        with scratch_db.loader() as conn:
            state, attempts = conn.execute("select state, attempts from events.webhook_outbox").fetchone()  # type: ignore[misc]
            assert (state, attempts) == ("pending", len(receiver.refused)) and attempts >= 2
            conn.execute("update events.webhook_outbox set next_attempt_at = now()")  # its retry is due
        receiver.failing = False
        _evaluate(instance, run, event, scratch_db)  # the same failure again: no new event, the due retry delivered
        _evaluate(instance, run, event, scratch_db)
    with scratch_db.loader() as conn:
        rows = conn.execute("select delivery_id::text, state, stream_id from events.webhook_outbox").fetchall()
        stream = conn.execute("select id from events.stream where channel = 'pipeline_failed'").fetchall()
    assert len(stream) == 1 and len(rows) == 1
    delivery_id, state, stream_id = rows[0]
    assert state == "delivered" and stream_id == stream[0][0]
    assert len(receiver.received) == 1 and run.run_id in receiver.received[0]["content"]
    assert receiver.keys == [delivery_id] and set(receiver.refused) == {delivery_id}

"""The run-failure sensor: one webhook message and one `pipeline_failed` stream event per failed run."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import dagster as dg
import pytest

from orchestration.defs.krx.sensors import pipeline_failure_alert
from orchestration.resources import AtlasDatabase as DatabaseResource
from tests.conftest import AtlasDatabase


@pytest.fixture
def webhook(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict]]:
    """A real HTTP server that records the JSON bodies posted to it; ATLAS_WEBHOOK_URL points at it."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ATLAS_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/hook")
    yield received
    server.shutdown()


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

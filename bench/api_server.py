"""`atlas serve` as a child process on a free loopback port, for the load benchmarks; always stopped on exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.environment import free_port, log

START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class RunningServer:
    base_url: str
    pid: int
    log_path: Path


def server_env(db_name: str, embeddings_url: str | None) -> dict[str, str]:
    """The API's environment: the bench database, the bench's embeddings server (or none), no chat model."""
    env = {k: v for k, v in os.environ.items() if k not in ("ATLAS_CHAT_MODEL", "ATLAS_CHAT_BASE_URL")}
    env["ATLAS_DB_NAME"] = db_name
    if embeddings_url:
        env["ATLAS_EMBEDDINGS_BASE_URL"] = embeddings_url
        env.pop("ATLAS_EMBEDDINGS", None)
    else:
        env.pop("ATLAS_EMBEDDINGS_BASE_URL", None)
        env["ATLAS_EMBEDDINGS"] = "off"  # rules-only routing
    return env


def _atlas_command() -> list[str]:
    script = Path(sys.executable).parent / "atlas"
    return [str(script)] if script.exists() else [sys.executable, "-m", "atlas.cli"]


@contextmanager
def api_server(db_name: str, embeddings_url: str | None) -> Iterator[RunningServer]:
    port = free_port()
    with tempfile.NamedTemporaryFile(prefix="atlas-bench-api-", suffix=".log", delete=False) as handle:
        log_path = Path(handle.name)
    with log_path.open("ab") as out:
        process = subprocess.Popen(
            [*_atlas_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=server_env(db_name, embeddings_url),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, never by name
        )
    server = RunningServer(f"http://127.0.0.1:{port}", process.pid, log_path)
    try:
        _wait_ready(server, process)
        log(f"atlas serve ready on {server.base_url} (pid {process.pid}, database {db_name})")
        yield server
    finally:
        _stop(process)
        log_path.unlink(missing_ok=True)


STARTED = "Application startup complete."  # uvicorn logs it once per worker process


def workers() -> int:
    """The worker processes `atlas serve` starts (ATLAS_API_WORKERS, else atlas.config's default)."""
    from atlas.config import Settings

    return Settings.from_env().api_workers


def started_workers(log_path: Path) -> int:
    try:
        return log_path.read_text(encoding="utf-8", errors="replace").count(STARTED)
    except OSError:
        return 0


def _wait_ready(server: RunningServer, process: subprocess.Popen[bytes]) -> None:
    """Ready = /health answers 200 with the event listener connected (the SSE benchmark needs it), and every worker
    process has finished starting: a worker still loading its dictionary accepts no connection, so a load run that
    connected before it would leave it idle and put every client on the other worker."""
    deadline = time.monotonic() + START_TIMEOUT_S
    last = "no answer"
    expected = workers()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"atlas serve exited with {process.returncode}: {_tail(server.log_path)}")
        try:
            response = httpx.get(f"{server.base_url}/health", timeout=2.0)
            body = response.json()
            ready = started_workers(server.log_path)
            if response.status_code == 200 and body.get("events_listener") == "listening" and ready >= expected:
                return
            last = f"HTTP {response.status_code} {str(body)[:200]}, {ready} of {expected} workers started"
        except (httpx.HTTPError, ValueError) as exc:
            last = str(exc)
        time.sleep(0.25)
    raise RuntimeError(f"atlas serve not ready within {START_TIMEOUT_S:.0f} s ({last}): {_tail(server.log_path)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return " | ".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"

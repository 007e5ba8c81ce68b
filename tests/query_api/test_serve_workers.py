"""`atlas serve` with ATLAS_API_WORKERS=2: each worker listens on its own SO_REUSEPORT socket, so connections
opened at once reach both workers (uvicorn's shared socket could hand all of them to one); a worker that dies is
started again; stopping the supervisor stops every worker."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.cpu import process_tree, socket_inodes
from query_api.serve import reuse_port_socket
from tests.query_api.conftest import Server, start_server

STARTED = "Application startup complete."


def _wait(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _workers(server: Server) -> list[int]:
    """The supervisor's worker processes (multiprocessing's resource tracker is a child too)."""
    workers = []
    for pid in process_tree(server.process.pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if b"spawn_main" in handle.read():
                    workers.append(pid)
        except OSError:
            continue
    return workers


def _established_on(port: int, pid: int) -> int:
    """Established TCP connections on local `port` held by `pid`."""
    inodes = socket_inodes([pid])
    count = 0
    with open("/proc/net/tcp", encoding="ascii") as table:
        next(table)
        for line in table:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and int(fields[9]) in inodes:
                count += 1
    return count


@pytest.fixture(scope="module")
def two_workers(api_db, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    server = start_server(api_db.name, tmp_path_factory.mktemp("workers"), {"ATLAS_API_WORKERS": "2"})
    try:
        _wait(lambda: server.log.read_text(errors="replace").count(STARTED) >= 2, 120, "both workers to start")
        yield server
    finally:
        server.stop()


def test_connections_opened_at_once_reach_both_workers(two_workers: Server) -> None:
    port = int(two_workers.base_url.rsplit(":", 1)[1])
    clients = [httpx.Client(base_url=two_workers.base_url, timeout=30) for _ in range(16)]
    try:
        assert all(client.get("/health").status_code == 200 for client in clients)  # 16 keep-alive connections
        per_worker = {pid: _established_on(port, pid) for pid in _workers(two_workers)}
        assert len(per_worker) == 2 and sum(per_worker.values()) == 16
        assert min(per_worker.values()) >= 1, per_worker  # all 16 on one worker: a 1 in 32768 chance
        answer = clients[0].post("/v1/ask", json={"question": "KODEX 200 총보수"})
        assert answer.status_code == 200 and "069500" in answer.json()["answer"]
    finally:
        for client in clients:
            client.close()


def test_a_worker_that_dies_is_started_again(two_workers: Server) -> None:
    first, second = _workers(two_workers)
    os.kill(first, signal.SIGKILL)
    _wait(lambda: len(set(_workers(two_workers)) - {first, second}) == 1, 30, "a new worker process")
    _wait(lambda: two_workers.log.read_text(errors="replace").count(STARTED) >= 3, 120, "the new worker to start")
    with httpx.Client(base_url=two_workers.base_url, timeout=30) as http:
        assert all(http.get("/health").status_code == 200 for _ in range(5))
    assert "starting another" in two_workers.log.read_text(errors="replace")


def test_stopping_the_supervisor_stops_every_worker(api_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = start_server(api_db.name, tmp_path, {"ATLAS_API_WORKERS": "2"})
    try:
        _wait(lambda: len(_workers(server)) == 2, 30, "two worker processes")
        workers = _workers(server)
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=45)
        _wait(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in workers), 15, "the workers to exit")
        assert server.process.returncode == 0
    finally:
        server.stop()


def test_worker_sockets_share_a_port_but_not_with_another_program() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError):
            reuse_port_socket("127.0.0.1", port)  # a socket without SO_REUSEPORT holds the port
    with reuse_port_socket("127.0.0.1", 0) as ours:
        again = reuse_port_socket("127.0.0.1", ours.getsockname()[1])  # another worker's socket beside it
        again.close()


def test_two_workers_by_default_on_two_cores_or_more(monkeypatch: pytest.MonkeyPatch) -> None:
    from atlas import config
    from atlas.cli import build_parser

    monkeypatch.delenv("ATLAS_API_WORKERS", raising=False)
    for cores, expected in ((1, 1), (2, 2), (8, 2)):
        monkeypatch.setattr(config.os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)))
        assert config.default_api_workers() == expected == config.Settings.from_env().api_workers
    monkeypatch.setenv("ATLAS_API_WORKERS", "3")
    assert config.Settings.from_env().api_workers == 3
    assert build_parser().parse_args(["serve", "--workers", "1"]).workers == 1
    assert build_parser().parse_args(["serve"]).workers is None

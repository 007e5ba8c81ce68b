"""Fixtures of the query API tests: the loaded database they read, an in-process app client, a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from litestar.testing import AsyncTestClient

from query_api.app import create_app
from query_api.config import ApiConfig

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def api_db(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The database with pipeline output the API reads: `loaded_db`; for quick local runs, an already loaded
    database named by ATLAS_TEST_API_DB (e.g. the dev database `etf_atlas`), read-only."""
    name = os.environ.get("ATLAS_TEST_API_DB")
    if name:
        from tests.conftest import AtlasDatabase

        return AtlasDatabase(name=name, cluster=request.getfixturevalue("cluster"))
    return request.getfixturevalue("loaded_db")


def api_config(dsn: str, **overrides: object) -> ApiConfig:
    """Rules-only routing (no embeddings, no chat model) unless a test says otherwise."""
    settings: dict[str, object] = {"embedding_base_url": None, "chat_model": None, **overrides}
    return ApiConfig(dsn=dsn, **settings)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def client(api_db) -> AsyncIterator[AsyncTestClient]:  # type: ignore[no-untyped-def]
    app = create_app(api_config(api_db.reader_dsn))
    async with AsyncTestClient(app=app, raise_server_exceptions=False) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_server(db_name: str, tmp_path: Path, extra_env: dict[str, str] | None = None) -> Server:
    """`atlas serve` in its own process on a free port, reading `db_name`; returns once /health answers."""
    port = free_port()
    env = {**os.environ, "ATLAS_DB_NAME": db_name, "ATLAS_EMBEDDINGS": "off", **(extra_env or {})}
    env.pop("ATLAS_CHAT_MODEL", None)
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "atlas.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"atlas serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(server.base_url + "/health", timeout=2).status_code in (200, 503):
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"atlas serve did not answer: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def live_server(api_db, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    server = start_server(api_db.name, tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()

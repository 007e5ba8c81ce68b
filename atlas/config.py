"""Settings read from the environment, with the offline defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KRX_DIR = PROJECT_ROOT.parent / "shared" / "data" / "krx"
LOCAL_KEY = "not-needed-for-local"  # the API key sent to servers that need none (the local embeddings server)


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def default_api_workers() -> int:
    """Two API worker processes where there are two cores or more, else one: on the 2-core machine two workers
    answer holdout3 at 16 clients with 460 req/s and p50 32 ms against 373 req/s and 42 ms for one (the parse is
    CPU-bound Python, one process uses one core), the same at 1 client (p50 ~4 ms); three use more CPU per request
    (418 req/s). Each worker holds its own dictionary (~450 MB) and pool."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str | None
    db_name: str
    pg_port: int
    krx_source: str
    embedding_base_url: str | None  # ATLAS_EMBEDDINGS_BASE_URL; unset: the local embeddings server
    embedding_api_key: str  # ATLAS_EMBEDDINGS_API_KEY
    embedding_model: str
    embedding_port: int
    chat_model: str | None
    chat_base_url: str | None  # ATLAS_CHAT_BASE_URL, else OPENAI_BASE_URL (the chat provider, never embeddings)
    chat_api_key: str  # ATLAS_CHAT_API_KEY, else OPENAI_API_KEY: never the embeddings key
    webhook_url: str | None
    change_threshold_pct: float
    readonly_timeout_ms: int
    api_workers: int = 1  # ATLAS_API_WORKERS: `atlas serve` worker processes (default_api_workers() when unset)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            home=Path(_env("ATLAS_HOME", str(Path.home() / ".cache" / "etf-atlas"))),
            database_url=os.environ.get("DATABASE_URL") or None,
            db_name=_env("ATLAS_DB_NAME", "etf_atlas"),
            pg_port=int(_env("ATLAS_PG_PORT", "54329")),
            krx_source=_env("KRX_SOURCE", f"replay:{DEFAULT_KRX_DIR}"),
            embedding_base_url=os.environ.get("ATLAS_EMBEDDINGS_BASE_URL") or None,
            embedding_api_key=_env("ATLAS_EMBEDDINGS_API_KEY", LOCAL_KEY),
            embedding_model=_env("ATLAS_EMBEDDING_MODEL", "multilingual-e5-small-q4"),
            embedding_port=int(_env("ATLAS_EMBEDDING_PORT", "8766")),
            chat_model=os.environ.get("ATLAS_CHAT_MODEL") or None,
            chat_base_url=os.environ.get("ATLAS_CHAT_BASE_URL") or os.environ.get("OPENAI_BASE_URL") or None,
            chat_api_key=_env("ATLAS_CHAT_API_KEY", _env("OPENAI_API_KEY", LOCAL_KEY)),
            webhook_url=os.environ.get("ATLAS_WEBHOOK_URL") or None,
            change_threshold_pct=float(_env("ATLAS_CHANGE_THRESHOLD_PCT", "0.5")),
            readonly_timeout_ms=int(_env("ATLAS_READONLY_TIMEOUT_MS", "5000")),
            api_workers=max(1, int(_env("ATLAS_API_WORKERS", str(default_api_workers())))),
        )

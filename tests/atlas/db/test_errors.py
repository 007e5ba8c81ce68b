"""Provisioning failures are one clear line, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.db import embedded, provision
from atlas.db.embedded import DATA_DIR, PG_BIN, READY_MARKER, EmbeddedServer
from atlas.errors import AtlasError
from tests.conftest import AtlasDatabase


def _fake_rootfs(home: Path) -> None:
    """A root file system that looks built and initialised (no server can run from it)."""
    root = home / "rootfs"
    (root / PG_BIN.lstrip("/")).mkdir(parents=True)
    (root / PG_BIN.lstrip("/") / "initdb").touch()
    (root / DATA_DIR.lstrip("/")).mkdir(parents=True)
    (root / DATA_DIR.lstrip("/") / "PG_VERSION").write_text("17\n")
    (root / READY_MARKER).write_text("ok\n")


def test_port_in_use_is_named(tmp_path: Path) -> None:
    _fake_rootfs(tmp_path)
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(AtlasError, match=f"port {port} .* in use"):
            EmbeddedServer(tmp_path, port).start(log=lambda _m: None)


def test_broken_cache_is_not_trusted(tmp_path: Path) -> None:
    _fake_rootfs(tmp_path)
    server = EmbeddedServer(tmp_path, 1)
    assert server.rootfs_ok()
    (tmp_path / "rootfs" / READY_MARKER).unlink()  # e.g. an interrupted bootstrap
    assert not server.rootfs_ok()


def test_not_root_without_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded.os, "geteuid", lambda: 1000)
    with pytest.raises(AtlasError, match="set DATABASE_URL to a PostgreSQL with age, vector and pg_trgm"):
        EmbeddedServer(tmp_path, 1).ensure_rootfs(log=lambda _m: None)


def test_missing_extension_is_named(scratch_db: AtlasDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provision, "EXTENSIONS", (*provision.EXTENSIONS, "no_such_extension"))
    with pytest.raises(AtlasError, match="lacks the extension\\(s\\) no_such_extension"):
        provision.provision(scratch_db.cluster, scratch_db.name)


def test_cli_prints_one_line_for_an_unreachable_server(tmp_path: Path) -> None:
    env = {**os.environ, "ATLAS_HOME": str(tmp_path), "DATABASE_URL": "postgresql://nobody:x@127.0.0.1:9/none"}
    result = subprocess.run(
        [sys.executable, "-m", "atlas.cli", "db", "up"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.startswith("atlas: cannot reach PostgreSQL")
    assert "Traceback" not in result.stderr


def test_cli_db_url_and_status(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atlas.cli", "db", "url", "--readonly"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout.startswith("postgresql://atlas_reader:")
    status = subprocess.run([sys.executable, "-m", "atlas.cli", "db", "status"], capture_output=True, text=True)
    assert status.returncode == 0 and "extensions age, pg_trgm" in status.stdout

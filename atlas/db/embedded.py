"""The embedded PostgreSQL 17 (+ AGE, pgvector, pg_trgm) in a cached Debian 13 root file system.

Debian 12 has neither AGE nor pgvector, and trixie's packages cannot be mixed into bookworm, so the
server runs from a trixie root made by debootstrap and is started with chroot (see
shared/design/environment.md). The root lives outside the clone so fresh clones and CI reuse it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from atlas.errors import AtlasError

PG_BIN = "/usr/lib/postgresql/17/bin"
PACKAGES = "postgresql-17,postgresql-17-age,postgresql-17-pgvector"
DATA_DIR = "/var/lib/atlas/pgdata"
LOG_FILE = "/var/lib/atlas/server.log"
SOCKET_DIR = "/var/lib/atlas/run"
READY_MARKER = ".atlas-rootfs-ready"
ROLES = ("postgres", "atlas", "atlas_reader")


@dataclass(frozen=True)
class EmbeddedServer:
    home: Path
    port: int

    @property
    def rootfs(self) -> Path:
        return self.home / "rootfs"

    @property
    def credentials_file(self) -> Path:
        return self.home / "credentials.json"

    # -- root file system -------------------------------------------------------------------------
    def rootfs_ok(self) -> bool:
        return (self.rootfs / READY_MARKER).exists() and (self.rootfs / PG_BIN.lstrip("/") / "initdb").exists()

    def ensure_rootfs(self, log=print) -> None:
        if self.rootfs_ok():
            return
        if os.geteuid() != 0:
            raise AtlasError(
                "set DATABASE_URL to a PostgreSQL with age, vector and pg_trgm, or run as root for the embedded server"
            )
        if shutil.which("debootstrap") is None:
            log("installing debootstrap (apt-get) ...")
            _run(["apt-get", "update", "-qq"])
            _run(["apt-get", "install", "-y", "-qq", "debootstrap"])
        if self.rootfs.exists():
            log(f"root file system at {self.rootfs} is incomplete or broken: rebuilding it")
            shutil.rmtree(self.rootfs)
        partial = self.home / "rootfs.partial"
        shutil.rmtree(partial, ignore_errors=True)
        self.home.mkdir(parents=True, exist_ok=True)
        log(f"bootstrapping Debian trixie with PostgreSQL 17 into {self.rootfs} (about a minute) ...")
        _run(
            [
                "debootstrap",
                "--variant=minbase",
                f"--include={PACKAGES}",
                "trixie",
                str(partial),
                apt_mirror(),
            ]
        )
        (partial / READY_MARKER).write_text("ok\n")
        partial.rename(self.rootfs)

    # -- credentials --------------------------------------------------------------------------------
    def credentials(self) -> dict[str, str]:
        if self.credentials_file.exists():
            creds = json.loads(self.credentials_file.read_text())
            if all(role in creds for role in ROLES):
                return creds
        self.home.mkdir(parents=True, exist_ok=True)
        creds = {role: secrets.token_urlsafe(18) for role in ROLES}
        self.credentials_file.write_text(json.dumps(creds, indent=2))
        self.credentials_file.chmod(0o600)
        return creds

    def admin_dsn(self, dbname: str = "postgres") -> str:
        password = self.credentials()["postgres"]
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{dbname}"

    # -- server lifecycle -----------------------------------------------------------------------
    def _in_root(self, command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run(["chroot", str(self.rootfs), "su", "postgres", "-s", "/bin/sh", "-c", command], check=check)

    def initialized(self) -> bool:
        return (self.rootfs / DATA_DIR.lstrip("/") / "PG_VERSION").exists()

    def running(self) -> bool:
        if not self.rootfs_ok() or not self.initialized():
            return False
        return self._in_root(f"{PG_BIN}/pg_ctl -D {DATA_DIR} status", check=False).returncode == 0

    def init_cluster(self) -> None:
        for path in (DATA_DIR, SOCKET_DIR):
            (self.rootfs / path.lstrip("/")).mkdir(parents=True, exist_ok=True)
        _run(["chroot", str(self.rootfs), "chown", "-R", "postgres:postgres", "/var/lib/atlas", SOCKET_DIR])
        pwfile = self.rootfs / "var/lib/atlas/.pw"
        pwfile.write_text(self.credentials()["postgres"] + "\n")
        _run(["chroot", str(self.rootfs), "chown", "postgres:postgres", "/var/lib/atlas/.pw"])
        try:
            self._in_root(
                f"{PG_BIN}/initdb -D {DATA_DIR} -U postgres --pwfile=/var/lib/atlas/.pw "
                "--auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8"
            )
        finally:
            pwfile.unlink(missing_ok=True)

    def write_config(self) -> None:
        conf = self.rootfs / DATA_DIR.lstrip("/") / "postgresql.auto.conf"
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{SOCKET_DIR}'",
            "dynamic_shared_memory_type": "mmap",
            "huge_pages": "off",
            "shared_preload_libraries": "'age'",
            "max_connections": "200",
            "shared_buffers": "'512MB'",
            "work_mem": "'32MB'",
            "maintenance_work_mem": "'256MB'",
            "fsync": "on",
        }
        conf.write_text("".join(f"{key} = {value}\n" for key, value in settings.items()))
        _run(
            [
                "chroot",
                str(self.rootfs),
                "chown",
                "postgres:postgres",
                conf.relative_to(self.rootfs).as_posix(),
            ]
        )

    def start(self, log=print) -> bool:
        """Start the server; returns False when it was already running (a no-op)."""
        self.ensure_rootfs(log)
        if not self.initialized():
            log("initialising a new PostgreSQL cluster ...")
            self.init_cluster()
        if self.running():
            return False
        if port_in_use(self.port):
            raise AtlasError(
                f"port {self.port} on 127.0.0.1 is in use by another program: "
                "stop it or choose another port with ATLAS_PG_PORT"
            )
        self.write_config()
        (self.rootfs / SOCKET_DIR.lstrip("/")).mkdir(parents=True, exist_ok=True)
        _run(["chroot", str(self.rootfs), "chown", "postgres:postgres", SOCKET_DIR])
        result = self._in_root(f"{PG_BIN}/pg_ctl -D {DATA_DIR} -l {LOG_FILE} -w -t 60 start", check=False)
        if result.returncode != 0:
            tail = (self.rootfs / LOG_FILE.lstrip("/")).read_text(errors="replace")[-2000:]
            raise AtlasError(f"the embedded PostgreSQL did not start:\n{result.stderr.strip()}\n{tail}")
        return True

    def stop(self) -> bool:
        if not self.running():
            return False
        self._in_root(f"{PG_BIN}/pg_ctl -D {DATA_DIR} -m fast -w stop")
        return True


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def apt_mirror() -> str:
    """The Debian mirror this machine's apt already uses (never a host name written into the repo)."""
    deb822 = Path("/etc/apt/sources.list.d/debian.sources")
    if deb822.exists():
        for line in deb822.read_text().splitlines():
            if line.startswith("URIs:"):
                for uri in line.split()[1:]:
                    if "security" not in uri:
                        return uri
    legacy = Path("/etc/apt/sources.list")
    if legacy.exists():
        for line in legacy.read_text().splitlines():
            match = re.match(r"\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)", line)
            if match and "security" not in match.group(1):
                return match.group(1)
    raise AtlasError("no Debian mirror found in /etc/apt sources: cannot bootstrap the embedded server")


def _run(args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AtlasError(f"command failed: {' '.join(args[:4])} ...\n{result.stderr.strip()[-2000:]}")
    return result

"""Where the database lives (embedded or DATABASE_URL) and the DSNs of its three roles."""

from __future__ import annotations

from dataclasses import dataclass, field

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from atlas.config import Settings
from atlas.db.embedded import EmbeddedServer

LOADER_ROLE = "atlas"
READER_ROLE = "atlas_reader"


@dataclass(frozen=True)
class Cluster:
    """A PostgreSQL server: the admin DSN it is reached with, and the passwords of our roles."""

    admin_conninfo: str
    passwords: dict[str, str]
    embedded: EmbeddedServer | None

    def admin_dsn(self, dbname: str) -> str:
        return make_conninfo(self.admin_conninfo, dbname=dbname)

    def loader_dsn(self, dbname: str) -> str:
        return self._role_dsn(LOADER_ROLE, dbname)

    def reader_dsn(self, dbname: str) -> str:
        return self._role_dsn(READER_ROLE, dbname)

    def _role_dsn(self, role: str, dbname: str) -> str:
        parts = conninfo_to_dict(self.admin_conninfo)
        host, port = parts.get("host", "127.0.0.1"), parts.get("port", "5432")
        return f"postgresql://{role}:{self.passwords[role]}@{host}:{port}/{dbname}"


def resolve_cluster(settings: Settings) -> Cluster:
    """The external server when DATABASE_URL is set, otherwise the embedded one (not started here)."""
    embedded = EmbeddedServer(settings.home, settings.pg_port)
    passwords = embedded.credentials()
    if settings.database_url:
        return Cluster(admin_conninfo=settings.database_url, passwords=passwords, embedded=None)
    return Cluster(admin_conninfo=embedded.admin_dsn(), passwords=passwords, embedded=embedded)


@dataclass(frozen=True)
class NamedDatabase:
    """One database on a cluster, with the DSNs of its roles (tests and benchmarks make their own)."""

    name: str
    cluster: Cluster = field(repr=False)  # holds the passwords: never printed

    @property
    def loader_dsn(self) -> str:
        return self.cluster.loader_dsn(self.name)

    @property
    def reader_dsn(self) -> str:
        return self.cluster.reader_dsn(self.name)

    @property
    def admin_dsn(self) -> str:
        return self.cluster.admin_dsn(self.name)

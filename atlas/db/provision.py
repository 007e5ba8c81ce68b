"""Idempotent set-up of a database: roles, extensions, schemas, tables, grants and the AGE graph.

The same code serves `atlas db up` and the test harness (which provisions a fresh database per run).
"""

from __future__ import annotations

from importlib import resources

import psycopg
from psycopg import sql

from atlas.db.cluster import LOADER_ROLE, READER_ROLE, Cluster
from atlas.errors import AtlasError

EXTENSIONS = ("age", "vector", "pg_trgm")
READABLE_SCHEMAS = ("marts", "fewshot", "events")
GRAPH_NAME = "etf_graph"
SQL_FILES = ("010_schemas.sql", "020_raw.sql", "030_events.sql")


def provision(cluster: Cluster, dbname: str, readonly_timeout_ms: int = 5000) -> None:
    """Create everything the pipeline and the API need in `dbname`; safe to run any number of times."""
    try:
        with psycopg.connect(cluster.admin_dsn("postgres"), autocommit=True) as admin:
            _ensure_roles(admin, cluster.passwords, readonly_timeout_ms)
            _ensure_database(admin, dbname)
        with psycopg.connect(cluster.admin_dsn(dbname), autocommit=True) as admin_db:
            _ensure_extensions(admin_db)
            _configure_database(admin_db, dbname)
        with psycopg.connect(cluster.loader_dsn(dbname), autocommit=True) as loader:
            _apply_sql_files(loader)
            _ensure_graph(loader, GRAPH_NAME)
            grant_reader(loader)
    except psycopg.OperationalError as exc:
        raise AtlasError(f"cannot reach PostgreSQL: {str(exc).strip()}") from exc


def drop_database(cluster: Cluster, dbname: str) -> None:
    with psycopg.connect(cluster.admin_dsn("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname)))


def _ensure_roles(conn: psycopg.Connection, passwords: dict[str, str], timeout_ms: int) -> None:
    for role in (LOADER_ROLE, READER_ROLE):
        exists = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
        verb = "alter" if exists else "create"
        conn.execute(
            sql.SQL(verb + " role {} login password {}").format(sql.Identifier(role), sql.Literal(passwords[role]))
        )
    reader = sql.Identifier(READER_ROLE)
    conn.execute(sql.SQL("alter role {} set statement_timeout = {}").format(reader, sql.Literal(timeout_ms)))
    conn.execute(sql.SQL("alter role {} set default_transaction_read_only = on").format(reader))
    conn.execute(sql.SQL("alter role {} set idle_in_transaction_session_timeout = 60000").format(reader))


def _ensure_database(conn: psycopg.Connection, dbname: str) -> None:
    if not conn.execute("select 1 from pg_database where datname = %s", (dbname,)).fetchone():
        conn.execute(
            sql.SQL("create database {} owner {} encoding 'UTF8' template template0").format(
                sql.Identifier(dbname), sql.Identifier(LOADER_ROLE)
            )
        )


def _ensure_extensions(conn: psycopg.Connection) -> None:
    available = {row[0] for row in conn.execute("select name from pg_available_extensions")}
    missing = [ext for ext in EXTENSIONS if ext not in available]
    if missing:
        raise AtlasError(
            f"the PostgreSQL server lacks the extension(s) {', '.join(missing)}: "
            "install them on the server (or unset DATABASE_URL to use the embedded server)"
        )
    for ext in EXTENSIONS:
        conn.execute(sql.SQL("create extension if not exists {}").format(sql.Identifier(ext)))


def _configure_database(conn: psycopg.Connection, dbname: str) -> None:
    db = sql.Identifier(dbname)
    # AGE must be loaded in every session; non-superusers may not LOAD it themselves.
    conn.execute(sql.SQL("alter database {} set session_preload_libraries = 'age'").format(db))
    conn.execute(sql.SQL('alter database {} set search_path = ag_catalog, "$user", public').format(db))
    conn.execute(sql.SQL("grant create, connect on database {} to {}").format(db, sql.Identifier(LOADER_ROLE)))
    conn.execute(sql.SQL("grant connect on database {} to {}").format(db, sql.Identifier(READER_ROLE)))
    roles = sql.SQL(", ").join([sql.Identifier(LOADER_ROLE), sql.Identifier(READER_ROLE)])
    conn.execute(sql.SQL("grant usage on schema ag_catalog to {}").format(roles))
    conn.execute(sql.SQL("grant select on all tables in schema ag_catalog to {}").format(roles))


def _apply_sql_files(conn: psycopg.Connection) -> None:
    folder = resources.files("atlas.db") / "sql"
    for name in SQL_FILES:
        conn.execute((folder / name).read_text(encoding="utf-8"))


def _ensure_graph(conn: psycopg.Connection, name: str) -> None:
    if not conn.execute("select 1 from ag_catalog.ag_graph where name = %s", (name,)).fetchone():
        conn.execute("select ag_catalog.create_graph(%s)", (name,))


def grant_reader(conn: psycopg.Connection) -> None:
    """Read access for the API role: marts, fewshot, events and every graph schema; nothing else."""
    reader = sql.Identifier(READER_ROLE)
    graphs = [row[0] for row in conn.execute("select namespace::text from ag_catalog.ag_graph")]
    for schema in (*READABLE_SCHEMAS, *graphs):
        ident = sql.Identifier(schema)
        conn.execute(sql.SQL("grant usage on schema {} to {}").format(ident, reader))
        conn.execute(sql.SQL("grant select on all tables in schema {} to {}").format(ident, reader))
    # Tables the loader creates later (dbt rebuilds, new graph labels) stay readable.
    conn.execute(sql.SQL("alter default privileges grant select on tables to {}").format(reader))

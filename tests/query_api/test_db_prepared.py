"""query_api.db on a real database: statements are prepared per connection (psycopg's prepare_threshold) and keep
the pool's guarantees (read-only role, the API's statement timeout, values as parameters); a prepared statement
whose table changed shape is dropped and run again instead of failing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from query_api.config import ApiConfig
from query_api.db import PREPARE_THRESHOLD, PREPARED_MAX, Database, fetch_all
from query_api.errors import ApiError, ServiceUnavailable

ETF = "select ticker, name from marts.dim_etf where ticker = %(ticker)s"


async def _database(dsn: str, **options: object) -> Database:
    db = Database(dsn, min_size=1, max_size=1, **options)  # type: ignore[arg-type]
    await db.open()
    await db.pool.wait(timeout=10.0)
    return db


@pytest.fixture
async def reader(api_db) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    db = await _database(api_db.reader_dsn, statement_timeout_ms=1500)
    yield db
    await db.close()


async def test_connections_prepare_statements_and_keep_the_timeout_and_read_only_role(reader: Database) -> None:
    async with reader.connection() as conn:
        assert conn.prepare_threshold == PREPARE_THRESHOLD == 0 and conn.prepared_max == PREPARED_MAX
        settings = await fetch_all(
            conn, "select current_setting('statement_timeout') as timeout, current_setting('jit') as jit", {}
        )
        assert settings == [{"timeout": "1500ms", "jit": "off"}]
        first = await fetch_all(conn, ETF, {"ticker": "069500"})
        again = await fetch_all(conn, ETF, {"ticker": "069500"})
        other = await fetch_all(conn, ETF, {"ticker": "102110"})  # the same prepared text, another value
        prepared = await fetch_all(conn, "select statement from pg_prepared_statements", {})
        with pytest.raises(ApiError, match="read-only"):
            await fetch_all(conn, "create temp table atlas_scratch as select 1 as x", {})
    assert first == again and first[0]["ticker"] == "069500" and other[0]["ticker"] == "102110"
    assert ETF.replace("%(ticker)s", "$1") in [row["statement"] for row in prepared]


async def test_the_statement_timeout_cancels_a_prepared_statement(api_db) -> None:  # type: ignore[no-untyped-def]
    db = await _database(api_db.reader_dsn, statement_timeout_ms=200)
    try:
        async with db.connection() as conn:
            await fetch_all(conn, "select pg_sleep(%(s)s) is null as slept", {"s": 0.0})  # prepared from here on
            with pytest.raises(ServiceUnavailable, match="too long"):
                await fetch_all(conn, "select pg_sleep(%(s)s) is null as slept", {"s": 2.0})
            assert await fetch_all(conn, "select pg_sleep(%(s)s) is null as slept", {"s": 0.0}) == [{"slept": False}]
    finally:
        await db.close()


async def test_prepared_statements_can_be_switched_off(api_db) -> None:  # type: ignore[no-untyped-def]
    db = await _database(api_db.reader_dsn, prepare_threshold=None)
    try:
        async with db.connection() as conn:
            for _ in range(3):
                await fetch_all(conn, ETF, {"ticker": "069500"})
            assert await fetch_all(conn, "select count(*) as n from pg_prepared_statements", {}) == [{"n": 0}]
    finally:
        await db.close()


async def test_a_prepared_statement_whose_table_changed_shape_runs_again(api_db) -> None:  # type: ignore[no-untyped-def]
    """As when a mart is rebuilt with another column type: PostgreSQL refuses the old prepared statement ("cached
    plan must not change result type") once; the connection's prepared statements are dropped and it runs again.
    A temporary table on the admin role stands in for the mart (the reader role cannot create one)."""
    db = await _database(api_db.admin_dsn)
    try:
        async with db.connection() as conn:
            await conn.execute("create temp table atlas_shape (x int)")
            await conn.execute("insert into atlas_shape values (1)")
            query = "select x from atlas_shape where x is not null or %(any)s"
            assert await fetch_all(conn, query, {"any": True}) == [{"x": 1}]
            # as another session would (psycopg itself forgets its prepared statements after an ALTER it runs)
            await conn.execute("do $$ begin alter table atlas_shape alter column x type text; end $$")
            assert await fetch_all(conn, query, {"any": True}) == [{"x": "1"}]
            assert await fetch_all(conn, query, {"any": True}) == [{"x": "1"}]  # prepared again, new shape
    finally:
        await db.close()


async def test_other_database_errors_are_not_retried(reader: Database) -> None:
    async with reader.connection() as conn:
        with pytest.raises(ApiError, match="rejected"):
            await fetch_all(conn, "select 1 / %(zero)s as x", {"zero": 0})
        assert await fetch_all(conn, "select 1 / %(one)s as x", {"one": 1}) == [{"x": 1}]


def test_prepare_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from atlas.config import Settings

    monkeypatch.delenv("ATLAS_API_PREPARE_THRESHOLD", raising=False)
    assert ApiConfig.from_settings(Settings.from_env(), dsn="postgresql://x").prepare_threshold == 0
    for value, expected in (("", 0), ("0", 0), ("3", 3), ("off", None), ("none", None)):
        monkeypatch.setenv("ATLAS_API_PREPARE_THRESHOLD", value)
        assert ApiConfig.from_settings(Settings.from_env(), dsn="postgresql://x").prepare_threshold == expected
    monkeypatch.setenv("ATLAS_API_PREPARED_MAX", "64")
    assert ApiConfig.from_settings(Settings.from_env(), dsn="postgresql://x").prepared_max == 64

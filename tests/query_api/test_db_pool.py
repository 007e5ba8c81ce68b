"""query_api.db's checkout on a real database: getconn/putconn (no `async with conn`, no reset task), the return
time noted for the idle check, a connection given back mid-transaction or broken handled by the pool, and
errors mapped to API errors."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import psycopg
import pytest

from query_api import db as api_db_module
from query_api.db import Database, fetch_all
from query_api.errors import ApiError, ServiceUnavailable


@pytest.fixture
async def one_connection(api_db) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    db = Database(api_db.reader_dsn, min_size=1, max_size=1)
    await db.open()
    await db.pool.wait(timeout=10.0)
    yield db
    await db.close()


async def test_a_returned_connection_is_noted_and_reused_without_a_check(one_connection: Database) -> None:
    checks = 0
    check = one_connection.pool._check

    async def counting(conn: psycopg.AsyncConnection) -> None:  # type: ignore[type-arg]
        nonlocal checks
        checks += 1
        assert check is not None
        await check(conn)

    one_connection.pool._check = counting
    async with one_connection.connection() as conn:
        first = conn
    assert time.monotonic() - api_db_module._returned_at[first] < 1.0
    async with one_connection.connection() as conn:
        assert conn is first
        assert await fetch_all(conn, "select 1 as x", {}) == [{"x": 1}]
    assert checks == 2 and one_connection.pool._reset is None  # the check ran, and skipped its round trip


async def test_a_connection_given_back_in_a_transaction_is_rolled_back(one_connection: Database) -> None:
    async with one_connection.connection() as conn:
        await conn.execute("begin")
        await conn.execute("select 1")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
    async with one_connection.connection() as conn:
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert await fetch_all(conn, "select 2 as x", {}) == [{"x": 2}]


async def test_errors_inside_are_api_errors_and_the_connection_is_replaced_if_broken(one_connection: Database) -> None:
    with pytest.raises(ApiError, match="rejected"):
        async with one_connection.connection() as conn:
            await conn.execute("select 1 / 0")
    async with one_connection.connection() as conn:
        pid = conn.info.backend_pid
        assert await fetch_all(conn, "set application_name = 'atlas-test'", {}) == []  # no rows, no error
    with pytest.raises(ServiceUnavailable):
        async with one_connection.connection() as conn:
            await conn.execute("select pg_terminate_backend(pg_backend_pid())")
    async with one_connection.connection() as conn:  # the pool replaced the dead connection
        assert conn.info.backend_pid != pid and await fetch_all(conn, "select 3 as x", {}) == [{"x": 3}]


async def test_no_connection_in_time_is_a_503(one_connection: Database) -> None:
    one_connection.pool.timeout = 0.2
    async with one_connection.connection():
        with pytest.raises(ServiceUnavailable):
            async with one_connection.connection():
                pass

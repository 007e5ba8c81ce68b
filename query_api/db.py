"""The API's database access: one psycopg async pool on the read-only role, named SQL files, plain-value rows.

The pool is created closed and opened in the app's lifespan without waiting, so the API starts (and answers 503)
while the database is down, and recovers by itself: `check` drops connections that died with a server restart.

Round trips are the cost of a short read (each one is a wake-up on both sides), so a connection gets its statement
timeout once when it is opened, reads run in autocommit without BEGIN/COMMIT, and the liveness check is skipped for
a connection that was back in the pool less than `CHECK_AFTER_IDLE_S` ago (a busy pool pays nothing; after an
outage, connections that sat idle are checked and replaced before a request sees them).

Statements are server-side prepared per connection (psycopg's `prepare_threshold`, `PREPARE_THRESHOLD` by default):
the SQL text depends only on a question's shape, values travel as parameters, so the same few hundred texts repeat
and PostgreSQL skips parsing and analysing them again, and plans them once where a generic plan is as good (holdout3
answered in one process, old/new alternated: database CPU per /v1/ask 1.35 → 0.99 ms on one connection, 1.65 →
1.35 ms rotating over six; the API's own CPU 6-10 % lower). A prepared statement whose mart was rebuilt with other
column types fails once with "cached plan must not change result type": `fetch_all` then drops the connection's
prepared statements and runs the statement again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import weakref
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import dict_row, tuple_row
from psycopg_pool import AsyncConnectionPool

from query_api.errors import ApiError, database_error

log = logging.getLogger("query_api.db")

Row = dict[str, Any]
CHECK_AFTER_IDLE_S = 1.0
PREPARE_THRESHOLD: int | None = 0  # executions of a text before it is prepared on a connection (None: never prepare)
PREPARED_MAX = 256  # prepared texts kept per connection (least recently used dropped; ~70 kB of backend memory each)
_returned_at: weakref.WeakKeyDictionary[AsyncConnection[Any], float] = weakref.WeakKeyDictionary()


@cache
def load_query(name: str, suffix: str) -> str:
    """The text of `query_api/sql/<name><suffix>`: queries live in named files, values come as parameters."""
    path = resources.files("query_api") / "sql" / f"{name}{suffix}"
    if not path.is_file():
        raise KeyError(f"no query file named {name}{suffix}")
    return path.read_text(encoding="utf-8")


def load_sql(name: str) -> str:
    return load_query(name, ".sql")


def load_cypher(name: str) -> str:
    return load_query(name, ".cypher")


_AS_IS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """JSON-friendly Python values: Decimal to int/float, dates to ISO strings, recursively."""
    kind = type(value)
    if kind in _AS_IS:  # most values: checked by type identity first (rows are converted on every request)
        return value
    if kind is Decimal:
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def plain_row(row: Mapping[str, Any]) -> Row:
    return {k: v if type(v) in _AS_IS else plain(v) for k, v in row.items()}


def _configure_with(
    statement_timeout_ms: int, prepare_threshold: int | None = PREPARE_THRESHOLD, prepared_max: int = PREPARED_MAX
) -> Any:
    async def configure(conn: AsyncConnection) -> None:
        """Per-connection set-up: autocommit reads with the API's statement timeout, prepared statements, pgvector's
        vector type, and AGE's agtype decoded in one place."""
        from atlas.cypher import register_agtype_async

        conn.prepare_threshold = prepare_threshold
        conn.prepared_max = prepared_max
        await conn.set_autocommit(True)
        # JIT compiles plans above a cost threshold in tens of milliseconds: never worth it for the API's short reads
        await conn.execute(
            "select set_config('statement_timeout', %s, false), set_config('jit', 'off', false)",
            (str(statement_timeout_ms),),
        )
        conn.row_factory = tuple_row  # type: ignore[assignment]  # both type lookups read rows by position
        try:
            try:
                from pgvector.psycopg import register_vector_async

                await register_vector_async(conn)
            except psycopg.ProgrammingError:
                log.warning("the vector type is not visible to this role; vectors stay text")
            await register_agtype_async(conn)
        finally:
            conn.row_factory = dict_row  # type: ignore[assignment]

    return configure


class _RecentFirstPool(AsyncConnectionPool):  # type: ignore[type-arg]
    """psycopg's pool hands out the connection that has waited longest (a FIFO over all of them); this one hands out
    the one returned last. A few connections then serve most reads, so a statement text repeats on the same
    backend often enough to be prepared and generically planned there, and the rest stay idle (and are shrunk
    away after `max_idle`) instead of each planning every text again."""

    async def _get_ready_connection(self, timeout: float | None) -> Any:
        if len(self._pool) > 1:
            self._pool.rotate(1)  # the newest (returned last, at the right) to the left, where the pool takes it
        return await super()._get_ready_connection(timeout)


class Database:
    """A pool of read-only connections, with error mapping and per-query statement timeouts."""

    def __init__(
        self,
        dsn: str,
        *,
        min_size: int = 2,
        max_size: int = 8,
        statement_timeout_ms: int = 3000,
        acquire_timeout_s: float = 2.0,
        prepare_threshold: int | None = PREPARE_THRESHOLD,
        prepared_max: int = PREPARED_MAX,
    ) -> None:
        self.dsn = dsn
        self.statement_timeout_ms = statement_timeout_ms
        self.pool = _RecentFirstPool(
            dsn,
            min_size=min_size,
            max_size=max_size,
            open=False,
            configure=_configure_with(statement_timeout_ms, prepare_threshold, prepared_max),
            check=self._check_if_idle,
            kwargs={"row_factory": dict_row, "connect_timeout": 3, "application_name": "atlas-query-api"},
            timeout=acquire_timeout_s,
            reconnect_timeout=24 * 3600.0,  # keep trying through long outages
            name="atlas-query-api",
        )

        self._sweep: asyncio.Task[None] | None = None

    async def _check_if_idle(self, conn: AsyncConnection[Any]) -> None:
        """The pool's liveness check, only for a connection that sat idle (see the module docstring). One dead
        connection means the server went away: the other idle ones are checked (and replaced) at once in the
        background, so the pool's next attempt finds a fresh connection instead of the next dead one."""
        returned = _returned_at.get(conn)
        if returned is not None and time.monotonic() - returned < CHECK_AFTER_IDLE_S:
            return
        try:
            await AsyncConnectionPool.check_connection(conn)
        except psycopg.Error:
            if self._sweep is None or self._sweep.done():
                self._sweep = asyncio.create_task(self.pool.check())
            raise

    async def open(self) -> None:
        await self.pool.open(wait=False)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection[Row]]:
        """A pooled connection; psycopg failures become API errors (503 for outages and timeouts).

        getconn/putconn rather than the pool's `connection()`: its `async with conn` commits an autocommit
        connection for nothing, and a `reset` callback (to note when a connection came back) makes every return
        a task for the pool's worker; the return time is noted here instead, and putconn still rolls back and
        discards a connection left in a transaction or broken (42 µs less per checkout, 16 µs with a query)."""
        try:
            conn = await self.pool.getconn()
        except psycopg.Error as exc:
            raise database_error(exc) from exc
        try:
            yield conn  # type: ignore[misc]
        except ApiError:
            raise
        except psycopg.Error as exc:
            raise database_error(exc) from exc
        finally:
            _returned_at[conn] = time.monotonic()
            await self.pool.putconn(conn)

    @asynccontextmanager
    async def transaction(self, timeout_ms: int | None = None) -> AsyncIterator[AsyncConnection[Row]]:
        """A read-only transaction; a timeout other than the pool's is set for it alone (`SET LOCAL`)."""
        async with self.connection() as conn, conn.transaction():
            if timeout_ms and timeout_ms != self.statement_timeout_ms:
                await conn.execute("select set_config('statement_timeout', %s, true)", (str(timeout_ms),))
            yield conn

    @asynccontextmanager
    async def reads(self, timeout_ms: int | None = None) -> AsyncIterator[AsyncConnection[Row]]:
        """A connection for a few autocommit reads (no BEGIN/COMMIT round trips); under READ COMMITTED a
        transaction would give each statement its own snapshot anyway. A timeout other than the pool's is set
        for these reads and put back afterwards."""
        async with self.connection() as conn:
            if not timeout_ms or timeout_ms == self.statement_timeout_ms:
                yield conn
                return
            await conn.execute("select set_config('statement_timeout', %s, false)", (str(timeout_ms),))
            try:
                yield conn
            finally:
                with contextlib.suppress(psycopg.Error):  # a broken connection is discarded by the pool anyway
                    await conn.execute(
                        "select set_config('statement_timeout', %s, false)", (str(self.statement_timeout_ms),)
                    )

    async def fetch_all(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        async with self.connection() as conn:
            return await fetch_all(conn, query, params)

    async def fetch_one(self, query: str, params: Mapping[str, Any] | None = None) -> Row | None:
        rows = await self.fetch_all(query, params)
        return rows[0] if rows else None


def _stale_plan(exc: psycopg.Error, conn: AsyncConnection[Any]) -> bool:
    """A prepared statement planned before its tables changed shape (outside a transaction, which it would abort)."""
    return (
        isinstance(exc, psycopg.errors.FeatureNotSupported)
        and str(exc).startswith("cached plan must not change result type")
        and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    )


async def fetch_all(conn: AsyncConnection[Any], query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
    """Run one parameterised statement and return its rows as plain dicts."""
    try:
        try:
            cur = await conn.execute(query, params or {})  # type: ignore[arg-type]
        except psycopg.Error as exc:
            if not _stale_plan(exc, conn):
                raise
            log.info("a prepared statement outlived its tables' shape; dropping this connection's prepared statements")
            await conn.execute("DEALLOCATE ALL", prepare=False)  # psycopg forgets its own record of them too
            cur = await conn.execute(query, params or {})  # type: ignore[arg-type]
        result = cur.pgresult  # not `cur.description`, which builds a Column object per column on every call
        if result is None or result.status != psycopg.pq.ExecStatus.TUPLES_OK:
            return []
        return [plain_row(r) for r in await cur.fetchall()]
    except psycopg.Error as exc:
        raise database_error(exc) from exc

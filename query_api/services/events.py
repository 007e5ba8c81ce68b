"""Server-Sent Events: one LISTEN connection per process, fanned out to a queue per client.

Every event is a row in `events.stream` whose id is the SSE id; the NOTIFY payload carries that id. A client that
reconnects with `Last-Event-ID` first gets the rows it missed from the table, then live events with higher ids.
When the LISTEN connection drops (database restart), the hub reconnects and replays from the table what it may
have missed while it was away, so clients lose nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from query_api.db import Database, fetch_all, load_sql, plain
from query_api.schemas.events import EventType

log = logging.getLogger("query_api.events")

CHANNELS = tuple(kind.value for kind in EventType)  # every event type is also a NOTIFY channel
REPLAY_BATCH = 1000
QUEUE_SIZE = 1000


@dataclass(frozen=True)
class Event:
    id: int
    channel: str
    payload: dict[str, Any]

    def data(self) -> str:
        return json.dumps({**self.payload, "id": self.id}, ensure_ascii=False, default=str)


class EventHub:
    """Owns the LISTEN connection and the subscribers' queues."""

    def __init__(self, db: Database, dsn: str, reconnect_delay_s: float = 1.0) -> None:
        self.db = db
        self.dsn = dsn
        self.reconnect_delay_s = reconnect_delay_s
        self.subscribers: set[asyncio.Queue[Event | None]] = set()
        self.last_id = 0  # newest id seen by the hub (live or replayed)
        self.connected = asyncio.Event()
        self.listeners: list[Callable[[Event], None]] = []  # e.g. the router's cache invalidation
        self._task: asyncio.Task[None] | None = None

    @property
    def status(self) -> str:
        return "listening" if self.connected.is_set() else "reconnecting"

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="atlas-events-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for queue in list(self.subscribers):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(None)

    async def _run(self) -> None:
        first = True
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.dsn, autocommit=True, connect_timeout=3) as conn:
                    for channel in CHANNELS:
                        await conn.execute(sql.SQL("listen {}").format(sql.Identifier(channel)))
                    if first:
                        self.last_id = await _latest_id(conn)
                        first = False
                    else:
                        await self._replay_missed(conn)  # events written while the connection was down
                    self.connected.set()
                    log.info("listening on %s from event id %d", ", ".join(CHANNELS), self.last_id)
                    async for notify in conn.notifies():
                        await self._on_notify(conn, notify.channel, notify.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure means: reconnect
                log.warning("event listener lost its connection (%s); reconnecting", str(exc).strip()[:200])
            self.connected.clear()
            await asyncio.sleep(self.reconnect_delay_s)

    async def _on_notify(self, conn: psycopg.AsyncConnection[Any], channel: str, payload: str) -> None:
        try:
            data = json.loads(payload)
        except json.JSONDecodeError:
            data = None
        event_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(event_id, int) and event_id == self.last_id + 1:
            self._publish(Event(event_id, channel, data))
        else:
            # A gap (or a payload without an id): the table is the truth, read what is new from it.
            await self._replay_missed(conn)

    async def _replay_missed(self, conn: psycopg.AsyncConnection[Any]) -> None:
        while True:
            rows = await _rows_since(conn, self.last_id, REPLAY_BATCH)
            for row in rows:
                self._publish(_event(row))
            if len(rows) < REPLAY_BATCH:
                return

    def _publish(self, event: Event) -> None:
        if event.id <= self.last_id:
            return
        self.last_id = event.id
        for listener in self.listeners:
            listener(event)
        for queue in list(self.subscribers):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                # A client too slow to keep up is dropped; it reconnects with Last-Event-ID and replays.
                self.subscribers.discard(queue)
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
                queue.put_nowait(None)

    async def stream(self, last_event_id: int | None, heartbeat_s: float = 15.0) -> AsyncIterator[Event | None]:
        """Events for one client: missed rows after `last_event_id` first, then live ones; None = heartbeat."""
        queue: asyncio.Queue[Event | None] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.subscribers.add(queue)  # subscribe before reading the table, so nothing falls in between
        try:
            sent = last_event_id if last_event_id is not None else self.last_id
            if last_event_id is not None:
                while True:
                    async with self.db.connection() as conn:
                        rows = await fetch_all(conn, load_sql("events_since"), {"after": sent, "limit": REPLAY_BATCH})
                    for row in rows:
                        event = _event(row)
                        sent = event.id
                        yield event
                    if len(rows) < REPLAY_BATCH:
                        break
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=heartbeat_s)
                except TimeoutError:
                    yield None
                    continue
                if event is None:
                    return  # dropped or shutting down
                if event.id > sent:
                    sent = event.id
                    yield event
        finally:
            self.subscribers.discard(queue)


def _event(row: dict[str, Any]) -> Event:
    payload = row["payload"] if isinstance(row["payload"], dict) else json.loads(row["payload"])
    return Event(int(row["id"]), row["channel"], plain(payload))


async def _latest_id(conn: psycopg.AsyncConnection[Any]) -> int:
    cur = await conn.execute(load_sql("events_latest_id"))
    row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _rows_since(conn: psycopg.AsyncConnection[Any], after: int, limit: int) -> list[dict[str, Any]]:
    cur = await conn.execute(load_sql("events_since"), {"after": after, "limit": limit})
    cols = [c.name for c in cur.description or []]
    return [dict(zip(cols, r, strict=True)) for r in await cur.fetchall()]

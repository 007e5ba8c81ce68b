"""NOTIFY → SSE delivery latency: events written the way the pipeline writes them, timed until an SSE client has them.

Each event is one statement of orchestration.lib.events.NOTIFY_HOLDING_CHANGES (a row in events.stream plus
pg_notify with its id, on commit) on the loader role; a client connected to /v1/events of a running `atlas serve`
reads the stream. Latency = from just before the write is sent to the moment the client has parsed the event
(both clocks are this process's). Events go one at a time (the next after the previous arrived or timed out).
Writes to the database's events: never run it on the dev database.

    .venv/bin/python -m bench.notify_sse --db atlas_bench_x [--events 100]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from datetime import date
from typing import Any

import httpx
import psycopg

from bench.api_server import api_server
from bench.environment import log, settings_and_cluster
from bench.stats import latency_summary
from orchestration.lib.events import NOTIFY_HOLDING_CHANGES

WARM_UP = 5
EVENT_TIMEOUT_S = 3.0
PAUSE_S = 0.02  # between events, so each is measured on its own
MARKER_DATE = date(1999, 12, 31)  # an obviously synthetic trade date in the payload
CONNECT_TIMEOUT_S = 10.0


class SseReader:
    """Reads /v1/events; records when each event (keyed by its payload's `count`) arrived."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        self.connected = asyncio.Event()
        self.waiters: dict[int, asyncio.Event] = {}
        self.ids: list[int] = []

    def expect(self, marker: int) -> asyncio.Event:
        return self.waiters.setdefault(marker, asyncio.Event())

    async def read(self, client: httpx.AsyncClient) -> None:
        async with client.stream("GET", "/v1/events", headers={"accept": "text/event-stream"}) as response:
            response.raise_for_status()
            event_id: int | None = None
            async for line in response.aiter_lines():
                if line.startswith(":"):
                    self.connected.set()  # the server's ": connected" comment
                elif line.startswith("id:"):
                    event_id = int(line[3:].strip())
                elif line.startswith("data:"):
                    self._on_data(line[5:].strip(), event_id)

    def _on_data(self, data: str, event_id: int | None) -> None:
        now = time.perf_counter()
        payload = json.loads(data)
        marker = payload.get("count")
        if payload.get("trade_date") != MARKER_DATE.isoformat() or not isinstance(marker, int):
            return  # not ours
        self.arrived.setdefault(marker, now)
        if event_id is not None:
            self.ids.append(event_id)
        self.expect(marker).set()


async def measure(base_url: str, loader_dsn: str, events: int) -> dict[str, Any]:
    reader = SseReader()
    timeout = httpx.Timeout(CONNECT_TIMEOUT_S, read=None)  # an SSE stream is idle between events
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=timeout) as client,
        await psycopg.AsyncConnection.connect(loader_dsn, autocommit=True) as writer,
    ):
        task = asyncio.create_task(reader.read(client))
        try:
            await asyncio.wait_for(reader.connected.wait(), CONNECT_TIMEOUT_S)
            latencies, lost = [], 0
            for marker in range(1, WARM_UP + events + 1):
                arrived = reader.expect(marker)
                sent = time.perf_counter()
                await writer.execute(NOTIFY_HOLDING_CHANGES, {"trade_date": MARKER_DATE, "count": marker})
                try:
                    await asyncio.wait_for(arrived.wait(), EVENT_TIMEOUT_S)
                except TimeoutError:
                    lost += 1
                    continue
                if marker > WARM_UP:
                    latencies.append((reader.arrived[marker] - sent) * 1000.0)
                await asyncio.sleep(PAUSE_S)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                await task
    if not latencies:
        raise RuntimeError(f"no event reached the SSE client within {EVENT_TIMEOUT_S} s")
    ids = reader.ids
    return {
        **latency_summary(latencies),
        "events": events,
        "lost": lost,
        "in_order_once": ids == sorted(set(ids)),
        "write": "orchestration/lib/sql/notify_holding_changes.sql (events.stream row + pg_notify, autocommit)",
    }


def run(base_url: str, loader_dsn: str, events: int = 100) -> dict[str, Any]:
    result = asyncio.run(measure(base_url, loader_dsn, events))
    log(f"NOTIFY → SSE: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms over {events} events")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a scratch database (events are written into it)")
    parser.add_argument("--events", type=int, default=100)
    args = parser.parse_args(argv)
    settings, cluster = settings_and_cluster()
    if args.db == settings.db_name:
        parser.error(f"{args.db} is the dev database: the benchmark writes events, use a scratch database")
    with api_server(args.db, None) as server:
        result = run(server.base_url, cluster.loader_dsn(args.db), args.events)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

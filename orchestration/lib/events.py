"""Writing events: completed collections (exactly once per trade date) and holding changes, with NOTIFY."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

import httpx
import psycopg
from psycopg.types.json import Jsonb

log = logging.getLogger(__name__)


def _sql(name: str) -> str:
    return (resources.files("orchestration.lib") / "sql" / name).read_text(encoding="utf-8")


RECORD_COLLECTION = _sql("record_collection.sql")
RECORD_HOLDING_CHANGES = _sql("record_holding_changes.sql")
NOTIFY_HOLDING_CHANGES = _sql("notify_holding_changes.sql")
COLLECTION_COUNTS = _sql("collection_counts.sql")
COLLECTED_DATES = _sql("collected_dates.sql")


@dataclass
class DateEvents:
    trade_date: date
    counts: dict[str, int]
    notified: bool = False
    changes: int = 0
    stream_ids: list[int] = field(default_factory=list)


def collected_dates(conn: psycopg.Connection, first: date, last: date) -> list[date]:
    """Dates in [first, last] with collected rows, so a long window does not probe every calendar day."""
    return [row[0] for row in conn.execute(COLLECTED_DATES, {"first": first, "last": last})]


def collection_counts(conn: psycopg.Connection, trade_date: date) -> dict[str, int]:
    row = conn.execute(COLLECTION_COUNTS, {"trade_date": trade_date}).fetchone()
    assert row is not None
    return {"prices": int(row[0]), "holdings": int(row[1]), "holding_etfs": int(row[2])}


def record_date(conn: psycopg.Connection, trade_date: date, run_id: str, threshold_pct: float) -> DateEvents:
    """In one transaction: the collection row (+ NOTIFY if new) and the date's holding changes (+ NOTIFY)."""
    with conn.transaction():
        counts = collection_counts(conn, trade_date)
        events = DateEvents(trade_date=trade_date, counts=counts)
        if not any(counts.values()):
            return events  # no trading day: nothing was collected, nothing to announce
        notified = conn.execute(
            RECORD_COLLECTION, {"trade_date": trade_date, "run_id": run_id, "counts": Jsonb(counts)}
        ).fetchall()
        events.notified = bool(notified)
        events.stream_ids += [row[0] for row in notified]
        inserted = conn.execute(RECORD_HOLDING_CHANGES, {"trade_date": trade_date, "threshold_pct": threshold_pct})
        events.changes = inserted.rowcount
        if events.changes > 0:
            row = conn.execute(NOTIFY_HOLDING_CHANGES, {"trade_date": trade_date, "count": events.changes}).fetchone()
            if row:
                events.stream_ids.append(row[0])
    return events


def collection_message(events: DateEvents) -> str:
    counts = events.counts
    return (
        f"ETF Atlas: KRX collection for {events.trade_date.isoformat()} completed — "
        f"{counts['prices']:,} price rows, {counts['holdings']:,} holding rows "
        f"({counts['holding_etfs']:,} ETFs), {events.changes:,} holding changes."
    )


def send_webhook(url: str, content: str, attempts: int = 3, backoff_s: float = 0.5) -> bool:
    """POST a Discord-compatible message; failures are logged and retried, never raised."""
    for attempt in range(1, attempts + 1):
        try:
            response = httpx.post(url, json={"content": content}, timeout=5.0)
            if response.status_code < 300:
                return True
            log.warning("webhook answered %s (attempt %d/%d)", response.status_code, attempt, attempts)
        except httpx.HTTPError as exc:
            log.warning("webhook failed: %s (attempt %d/%d)", exc, attempt, attempts)
        if attempt < attempts:
            time.sleep(backoff_s * 2 ** (attempt - 1))
    return False

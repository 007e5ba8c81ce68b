"""Writing events: completed collections (exactly once per trade date) and holding changes, with NOTIFY; webhook
delivery through an outbox.

Every event goes through `events.append` (atlas/db/sql/030_events.sql): its id is drawn under a transaction-level
lock, so ids increase in commit order and SSE listeners and resuming clients see each event once. A webhook is a
row of `events.webhook_outbox`, written in the event's own transaction (no event without its delivery, no
delivery of a rolled-back event), and delivered after commit by `deliver_webhooks`: retried with exponential
backoff (tenacity), marked delivered only after a 2xx, and sent with the same `Idempotency-Key` (its delivery id)
on every attempt, so a receiver that saw an attempt whose answer was lost can drop the repeat.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from importlib import resources
from typing import Any

import httpx
import psycopg
import tenacity
from psycopg.types.json import Jsonb

log = logging.getLogger(__name__)


def _sql(name: str) -> str:
    return (resources.files("orchestration.lib") / "sql" / name).read_text(encoding="utf-8")


RECORD_COLLECTION = _sql("record_collection.sql")
RECORD_HOLDING_CHANGES = _sql("record_holding_changes.sql")
NOTIFY_HOLDING_CHANGES = _sql("notify_holding_changes.sql")
COLLECTION_COUNTS = _sql("collection_counts.sql")
COLLECTED_DATES = _sql("collected_dates.sql")
PENDING_COLLECTION_DATES = _sql("pending_collection_dates.sql")
COLLECTION_COUNTS_DATES = _sql("collection_counts_dates.sql")
RECORD_RUN_FAILURE = _sql("record_run_failure.sql")
RECORD_WEBHOOK_DELIVERY = _sql("record_webhook_delivery.sql")
CLAIM_WEBHOOK_DELIVERY = _sql("claim_webhook_delivery.sql")
RECORD_WEBHOOK_OUTCOME = _sql("record_webhook_outcome.sql")

IDEMPOTENCY_HEADER = "Idempotency-Key"


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass
class DateEvents:
    trade_date: date
    counts: dict[str, int]
    notified: bool = False
    changes: int = 0
    stream_ids: list[int] = field(default_factory=list)
    delivery_ids: list[str] = field(default_factory=list)


def collected_dates(conn: psycopg.Connection, first: date, last: date) -> list[date]:
    """Dates in [first, last] with collected rows, so a long window does not probe every calendar day."""
    return [row[0] for row in conn.execute(COLLECTED_DATES, {"first": first, "last": last})]


def collection_counts(conn: psycopg.Connection, trade_date: date) -> dict[str, int]:
    row = conn.execute(COLLECTION_COUNTS, {"trade_date": trade_date}).fetchone()
    assert row is not None
    return {"prices": int(row[0]), "holdings": int(row[1]), "holding_etfs": int(row[2])}


@dataclass(frozen=True)
class PendingDate:
    """A collected trade date without an announcement, and which raw tables have rows on it."""

    trade_date: date
    has_prices: bool
    has_holdings: bool


def pending_collections(conn: psycopg.Connection, first: date, last: date) -> list[PendingDate]:
    """Trade dates in [first, last] with collected rows and no announcement (index probes: milliseconds)."""
    return [PendingDate(*row) for row in conn.execute(PENDING_COLLECTION_DATES, {"first": first, "last": last})]


def pending_dates(conn: psycopg.Connection, first: date, last: date) -> list[date]:
    return [pending.trade_date for pending in pending_collections(conn, first, last)]


def counts_for(conn: psycopg.Connection, dates: list[date]) -> dict[date, dict[str, int]]:
    """Collected raw rows of each date, in one grouped query over those dates."""
    if not dates:
        return {}
    rows = conn.execute(COLLECTION_COUNTS_DATES, {"dates": dates}).fetchall()
    return {row[0]: {"prices": int(row[1]), "holdings": int(row[2]), "holding_etfs": int(row[3])} for row in rows}


def record_run_failure(
    conn: psycopg.Connection, run_id: str, job: str, message: str, partition: str | None
) -> int | None:
    """A failed run as one `pipeline_failed` stream event (+ NOTIFY), once per run id; its id, or None if known."""
    params = {"run_id": run_id, "job": job, "message": message[:2000], "partition": partition}
    with conn.transaction():
        row = conn.execute(RECORD_RUN_FAILURE, params).fetchone()
    return int(row[0]) if row else None


def record_date(
    conn: psycopg.Connection,
    trade_date: date,
    run_id: str,
    threshold_pct: float,
    counts: dict[str, int] | None = None,
    webhook_url: str | None = None,
) -> DateEvents:
    """In one transaction: the collection row (+ event if new), the date's holding changes (+ event) and, for a
    new collection with a webhook configured, its outbox row (delivered later by `deliver_webhooks`).
    `counts` (from `counts_for` or the raw loads' records) saves the per-date count query."""
    with conn.transaction():
        counts = counts if counts is not None else collection_counts(conn, trade_date)
        events = DateEvents(trade_date=trade_date, counts=counts)
        if not any(counts.values()):
            return events  # no trading day: nothing was collected, nothing to announce
        inserted = conn.execute(RECORD_HOLDING_CHANGES, {"trade_date": trade_date, "threshold_pct": threshold_pct})
        events.changes = inserted.rowcount
        # Events last: events.append holds the stream lock from here to the commit.
        notified = conn.execute(
            RECORD_COLLECTION, {"trade_date": trade_date, "run_id": run_id, "counts": Jsonb(counts)}
        ).fetchall()
        events.notified = bool(notified)
        events.stream_ids += [row[0] for row in notified]
        if events.changes > 0:
            row = conn.execute(NOTIFY_HOLDING_CHANGES, {"trade_date": trade_date, "count": events.changes}).fetchone()
            if row:
                events.stream_ids.append(row[0])
        if webhook_url and events.notified:
            events.delivery_ids += enqueue_webhook(conn, events.stream_ids[0], webhook_url, collection_message(events))
    return events


def enqueue_webhook(conn: psycopg.Connection, stream_id: int, url: str, content: str) -> list[str]:
    """An outbox row for one event (in the caller's transaction); [] if that event already has one for `url`."""
    body = Jsonb({"content": content})
    rows = conn.execute(RECORD_WEBHOOK_DELIVERY, {"stream_id": stream_id, "url": url, "body": body}).fetchall()
    return [str(row[0]) for row in rows]


def collection_message(events: DateEvents) -> str:
    counts = events.counts
    return (
        f"ETF Atlas: KRX collection for {events.trade_date.isoformat()} completed — "
        f"{counts['prices']:,} price rows, {counts['holdings']:,} holding rows "
        f"({counts['holding_etfs']:,} ETFs), {events.changes:,} holding changes."
    )


class WebhookRejected(Exception):
    """A non-2xx answer: retried like a network error."""


def _post(url: str, body: dict[str, Any], delivery_id: str | None, timeout_s: float) -> None:
    headers = {IDEMPOTENCY_HEADER: delivery_id} if delivery_id else {}
    response = httpx.post(url, json=body, headers=headers, timeout=timeout_s)
    if response.status_code >= 300:
        raise WebhookRejected(f"answered {response.status_code}")


def post_with_retries(
    url: str,
    body: dict[str, Any],
    delivery_id: str | None = None,
    attempts: int = 3,
    backoff_s: float = 0.5,
    timeout_s: float = 5.0,
) -> tuple[bool, int, str | None]:
    """POST `body` until a 2xx (tenacity: exponential backoff with jitter); (delivered, attempts made, last error)."""
    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(attempts),
        wait=tenacity.wait_exponential_jitter(initial=backoff_s, max=30 * backoff_s, jitter=backoff_s / 2),
        retry=tenacity.retry_if_exception_type((httpx.HTTPError, WebhookRejected)),
        reraise=True,
    )
    made = 0
    try:
        for attempt in retrying:
            with attempt:
                made = attempt.retry_state.attempt_number
                _post(url, body, delivery_id, timeout_s)
    except (httpx.HTTPError, WebhookRejected) as exc:
        log.warning("webhook %s failed after %d attempt(s): %s", delivery_id or url, made, exc)
        return False, made, str(exc)[:500]
    return True, made, None


def send_webhook(url: str, content: str, attempts: int = 3, backoff_s: float = 0.5) -> bool:
    """POST a Discord-compatible message now (no outbox); failures are logged and retried, never raised."""
    return post_with_retries(url, {"content": content}, attempts=attempts, backoff_s=backoff_s)[0]


@dataclass
class DeliveryReport:
    delivered: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def deliver_webhooks(
    conn: psycopg.Connection,
    attempts_per_round: int = 3,
    max_attempts: int = 12,
    backoff_s: float = 0.5,
    retry_after_s: float = 60.0,
    timeout_s: float = 5.0,
) -> DeliveryReport:
    """Deliver every due outbox row once: each row is locked (concurrent workers skip it), posted with retries and
    its outcome recorded in the same transaction. A row still failing is retried by a later call after
    `retry_after_s` × 2^rounds; after `max_attempts` it is `failed`. Never raises for a receiver's failure."""
    report = DeliveryReport()
    tried: list[str] = []
    while True:
        with conn.transaction():
            row = conn.execute(CLAIM_WEBHOOK_DELIVERY, {"tried": tried}).fetchone()
            if row is None:
                return report
            delivery_id, _stream_id, url, body, made_before = str(row[0]), row[1], row[2], row[3], int(row[4])
            tried.append(delivery_id)
            ok, made, error = post_with_retries(url, body, delivery_id, attempts_per_round, backoff_s, timeout_s)
            total = made_before + made
            if ok:
                state, delay = DeliveryState.DELIVERED, 0.0
                report.delivered.append(delivery_id)
            elif total >= max_attempts:
                state, delay = DeliveryState.FAILED, 0.0
                report.failed.append(delivery_id)
            else:
                state, delay = DeliveryState.PENDING, retry_after_s * 2 ** (total // max(attempts_per_round, 1) - 1)
                report.retrying.append(delivery_id)
            conn.execute(
                RECORD_WEBHOOK_OUTCOME,
                {
                    "state": state.value,
                    "attempts": made,
                    "error": error,
                    "retry_after_s": delay,
                    "delivery_id": delivery_id,
                },
            )

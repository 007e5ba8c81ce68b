"""GET /health: is the database reachable, and which dates are loaded."""

from __future__ import annotations

from typing import Any

from query_api.db import Database, load_sql
from query_api.errors import ApiError


async def health(db: Database, listener_status: str | None) -> tuple[int, dict[str, Any]]:
    try:
        async with db.connection() as conn:
            await conn.execute("select 1")
            try:
                cur = await conn.execute(load_sql("holdings_dates"))
                dates = await cur.fetchone() or {}
            except Exception:  # marts not built yet: still healthy, just empty
                dates = {}
    except ApiError as exc:
        return 503, {
            "status": "degraded",
            "database": "unavailable",
            "error": exc.message,
            "events_listener": listener_status,
        }
    return 200, {
        "status": "ok",
        "database": "ok",
        "latest_holdings_date": _iso(dates.get("latest_holdings_date")),
        "latest_price_date": _iso(dates.get("latest_price_date")),
        "events_listener": listener_status,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None

"""GET /health."""

from __future__ import annotations

import msgspec


class HealthResponse(msgspec.Struct):
    status: str  # ok | degraded
    database: str  # ok | unavailable
    latest_holdings_date: str | None = None
    latest_price_date: str | None = None
    events_listener: str | None = None
    error: str | None = None

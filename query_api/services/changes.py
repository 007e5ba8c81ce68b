"""What (active) ETFs bought and sold between two dates, from marts.fct_holding_changes."""

from __future__ import annotations

import datetime as dt

from query_api.db import Database, Row, load_sql
from query_api.errors import NotFound


class ChangesService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def resolve_issuer(self, issuer: str) -> str:
        """An issuer id from an id, a name or a brand (KODEX → 삼성자산운용)."""
        row = await self.db.fetch_one(load_sql("issuer_lookup"), {"issuer": issuer})
        if row is None:
            raise NotFound(f"no issuer {issuer!r} in the data (use an issuer name such as 삼성자산운용 or a brand)")
        return row["issuer_id"]

    async def default_window(self) -> tuple[dt.date, dt.date]:
        """The last week of holdings dates, when the client gives no `since`."""
        row = await self.db.fetch_one(load_sql("holdings_dates"))
        latest = row["latest_holdings_date"] if row else None
        if latest is None:
            raise NotFound("no holdings are loaded yet")
        until = dt.date.fromisoformat(latest)
        return until - dt.timedelta(days=7), until

    async def changes(
        self,
        issuer: str | None,
        ticker: str | None,
        since: dt.date | None,
        until: dt.date | None,
        active_only: bool,
        limit: int,
    ) -> tuple[str | None, dt.date, dt.date, list[Row]]:
        issuer_id = await self.resolve_issuer(issuer) if issuer else None
        if until is None:
            _, latest = await self.default_window()
            until = max(latest, since) if since else latest
        if since is None:
            since = until - dt.timedelta(days=7)
        if since > until:
            return issuer_id, since, until, []  # an empty window: nothing changed in it
        params = {
            "issuer": issuer_id,
            "ticker": ticker,
            "since": since,
            "until": until,
            "active_only": active_only,
            "limit": limit,
        }
        return issuer_id, since, until, await self.db.fetch_all(load_sql("changes"), params)

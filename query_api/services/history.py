"""History over the marts: quotes with returns, one holding over time, holder counts by date, an ETF's changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from query_api.db import Database, Row, fetch_all, load_sql
from query_api.errors import NotFound


def empty_window(start: dt.date | None, end: dt.date | None) -> bool:
    """`from` after `to`: a window with no dates in it, answered with no rows (as /v1/changes does), not an error."""
    return start is not None and end is not None and start > end


def _window(ticker: str | None, start: dt.date | None, end: dt.date | None, limit: int) -> dict[str, Any]:
    return {"ticker": ticker, "from": start, "to": end, "limit": limit}


async def _rows(conn: Any, query: str, params: dict[str, Any]) -> list[Row]:
    """The rows of one history query over its window (none when the window is empty)."""
    if empty_window(params["from"], params["to"]):
        return []
    return await fetch_all(conn, load_sql(query), params)


class HistoryService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _etf(self, conn: Any, ticker: str) -> Row:
        rows = await fetch_all(conn, load_sql("history_etf"), {"ticker": ticker})
        if not rows:
            raise NotFound(f"no ETF with ticker {ticker} in the data")
        return rows[0]

    async def prices(
        self, ticker: str, start: dt.date | None, end: dt.date | None, limit: int
    ) -> tuple[Row, list[Row]]:
        async with self.db.connection() as conn:
            etf = await self._etf(conn, ticker)
            if etf["first_price_date"] is None:
                raise NotFound(f"no quotes of {ticker} ({etf['name']}) in the data")
            rows = await _rows(conn, "history_prices", _window(ticker, start, end, limit))
        return etf, rows

    async def holding(
        self, ticker: str, code: str, start: dt.date | None, end: dt.date | None, limit: int
    ) -> tuple[Row, list[Row]]:
        async with self.db.connection() as conn:
            etf = await self._etf(conn, ticker)
            if etf["first_holdings_date"] is None:
                raise NotFound(f"no holdings of {ticker} ({etf['name']}) in the data")
            params = {**_window(ticker, start, end, limit), "code": code}
            rows = await _rows(conn, "history_holding", params)
        return etf, rows

    async def holders(self, code: str, start: dt.date | None, end: dt.date | None, limit: int) -> tuple[Row, list[Row]]:
        async with self.db.connection() as conn:
            found = await fetch_all(conn, load_sql("history_instrument"), {"code": code})
            if not found:
                raise NotFound(f"no instrument with code {code} in the data")
            rows = await _rows(conn, "history_holders", {**_window(None, start, end, limit), "code": code})
        return found[0], rows

    async def changes(
        self, ticker: str, start: dt.date | None, end: dt.date | None, kind: str | None, limit: int
    ) -> tuple[Row, list[Row]]:
        async with self.db.connection() as conn:
            etf = await self._etf(conn, ticker)
            rows = await _rows(conn, "history_changes", {**_window(ticker, start, end, limit), "kind": kind})
        return etf, rows

"""ETF search, detail, holdings and similar ETFs over the marts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from query_api.db import Database, Row, load_sql
from query_api.errors import NotFound
from query_api.services.text import norm


class EtfService:
    def __init__(self, db: Database, brand_aliases: Callable[[], dict[str, str]] | None = None) -> None:
        self.db = db
        self.brand_aliases = brand_aliases or dict

    def search_key(self, query: str) -> str:
        """The normalised search key, with Korean brand nicknames replaced by the brand (코덱스 → kodex)."""
        key = norm(query)
        aliases = self.brand_aliases()
        for alias in sorted(aliases, key=len, reverse=True):
            if alias in key and aliases[alias] not in key:
                key = key.replace(alias, aliases[alias])
        return key

    async def search(self, query: str, limit: int) -> list[Row]:
        key = self.search_key(query)
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params = {"q": key, "prefix": escaped + "%", "contains": "%" + escaped + "%", "limit": limit}
        return await self.db.fetch_all(load_sql("etf_search"), params)

    async def detail(self, ticker: str) -> dict[str, Any]:
        async with self.db.connection() as conn:
            from query_api.db import fetch_all

            rows = await fetch_all(conn, load_sql("etf_detail"), {"ticker": ticker})
            if not rows:
                raise NotFound(f"no ETF with ticker {ticker} in the data")
            detail = rows[0]
            tags = await fetch_all(conn, load_sql("etf_tags"), {"ticker": ticker})
            top = await fetch_all(conn, load_sql("etf_holdings"), {"ticker": ticker, "date": None, "limit": 10})
        detail["tags"] = [t["tag"] for t in tags]
        detail["top_holdings"] = [
            {
                "instrument_code": h["instrument_code"],
                "instrument_name": h["instrument_name"],
                "weight_pct": h["weight_pct"],
            }
            for h in top
        ]
        return detail

    async def name_of(self, ticker: str) -> str:
        row = await self.db.fetch_one("select name from marts.dim_etf where ticker = %(ticker)s", {"ticker": ticker})
        if row is None:
            raise NotFound(f"no ETF with ticker {ticker} in the data")
        return row["name"]

    async def holdings(self, ticker: str, date: dt.date | None, limit: int) -> tuple[str, str, list[Row]]:
        name = await self.name_of(ticker)
        rows = await self.db.fetch_all(load_sql("etf_holdings"), {"ticker": ticker, "date": date, "limit": limit})
        if not rows:
            when = f" on or before {date.isoformat()}" if date else ""
            raise NotFound(f"no holdings of {ticker} ({name}) in the data{when}")
        return name, rows[0]["trade_date"], rows

    async def similar(self, ticker: str, limit: int) -> tuple[str, list[Row]]:
        name = await self.name_of(ticker)
        rows = await self.db.fetch_all(load_sql("etf_similar"), {"ticker": ticker, "limit": limit})
        return name, rows

"""Which ETFs hold an instrument."""

from __future__ import annotations

import datetime as dt

from query_api.db import Database, Row, load_sql
from query_api.errors import NotFound


class StockService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def holders(self, code: str, date: dt.date | None, limit: int) -> tuple[Row, list[Row]]:
        stock = await self.db.fetch_one(load_sql("stock_detail"), {"code": code})
        rows = await self.db.fetch_all(load_sql("stock_etfs"), {"code": code, "date": date, "limit": limit})
        if stock is None and not rows:
            raise NotFound(f"no instrument with code {code} in the data")
        if stock is None:
            stock = {"code": code, "name": rows[0].get("instrument_name"), "instrument_type": None}
        return stock, rows

"""Which ETFs hold an instrument."""

from __future__ import annotations

import msgspec


class StockHolder(msgspec.Struct):
    ticker: str
    name: str | None
    issuer: str | None
    weight_pct: float | None
    shares: float | None
    value_krw: float | None


class StockEtfsResponse(msgspec.Struct):
    code: str
    name: str | None
    instrument_type: str | None
    date: str | None
    count: int
    etfs: list[StockHolder]

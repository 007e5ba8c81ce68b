"""POST /v1/portfolio/exposure: look-through of ETF positions to the instruments they hold."""

from __future__ import annotations

from typing import Annotated

import msgspec

Ticker = Annotated[str, msgspec.Meta(min_length=1, max_length=12, description="ETF ticker, e.g. 069500")]
PositiveAmount = Annotated[float, msgspec.Meta(gt=0, le=1e15)]
PositiveUnits = Annotated[int, msgspec.Meta(gt=0, le=10**12)]


class Position(msgspec.Struct, forbid_unknown_fields=True):
    """One ETF position, by amount in KRW or by units (valued at the latest close); exactly one of the two."""

    ticker: Ticker
    amount_krw: PositiveAmount | None = None
    units: PositiveUnits | None = None


class ExposureRequest(msgspec.Struct, forbid_unknown_fields=True):
    positions: Annotated[list[Position], msgspec.Meta(min_length=1, max_length=50)]
    date: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    top: Annotated[int, msgspec.Meta(ge=1, le=500)] = 30


class PositionValue(msgspec.Struct):
    ticker: str
    name: str | None
    amount_krw: float
    units: int | None
    price_krw: float | None
    price_date: str | None
    holdings_date: str | None


class Via(msgspec.Struct):
    ticker: str
    amount_krw: float


class Exposure(msgspec.Struct):
    instrument_code: str
    instrument_name: str | None
    instrument_type: str | None
    sector: str | None
    is_cash: bool | None
    amount_krw: float
    weight_pct: float
    via: list[Via]


class ExposureResponse(msgspec.Struct):
    total_krw: float
    positions: list[PositionValue]
    exposures: list[Exposure]
    uncovered: list[str]
    note: str

"""POST /v1/portfolio/exposure: signed look-through of ETF positions to the instruments they hold."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

import msgspec

from query_api.schemas.params import IsoDate, Ticker

PositiveAmount = Annotated[float, msgspec.Meta(gt=0, le=1e15, description="position in KRW")]
PositiveUnits = Annotated[int, msgspec.Meta(gt=0, le=10**12, description="position in ETF units")]


class Position(msgspec.Struct, forbid_unknown_fields=True):
    """One ETF position, by amount in KRW or by units (valued at the close of `date` or the nearest earlier)."""

    # "Exactly one of amount_krw or units" (a null counts as left out), which msgspec cannot declare: stated here
    # for the OpenAPI component (query_api.schemas.openapi merges it) and enforced by PortfolioService.
    __schema_extra__: ClassVar[dict[str, Any]] = {
        "oneOf": [
            {"required": ["amount_krw"], "properties": {"amount_krw": {"type": "number"}, "units": {"type": "null"}}},
            {"required": ["units"], "properties": {"units": {"type": "integer"}, "amount_krw": {"type": "null"}}},
        ]
    }

    ticker: Ticker
    amount_krw: PositiveAmount | None = None
    units: PositiveUnits | None = None


class ExposureRequest(msgspec.Struct, forbid_unknown_fields=True):
    positions: Annotated[list[Position], msgspec.Meta(min_length=1, max_length=50)]
    date: IsoDate | None = None
    top: Annotated[int, msgspec.Meta(ge=1, le=500)] = 30


class PositionValue(msgspec.Struct):
    ticker: str
    name: str | None
    amount_krw: float
    units: int | None
    price_krw: float | None
    price_date: str | None  # the close that values units: of `date`, or the nearest earlier
    price_is_of_date: bool  # False: no quote on `date`, the nearest earlier one was used
    holdings_date: str | None
    nav: float | None  # NAV per unit of nav_date: the look-through's denominator with cu_qty
    nav_date: str | None
    cu_qty: int | None
    leverage_factor: float | None  # as declared (dim_etf): 1, 2, -1, -2 ...
    method: str  # "nav" (value ÷ NAV × CU) or "weights" (no NAV/CU known: the source's weights)
    exposure_multiple: float | None  # measured: non-cash exposure ÷ position
    non_cash_krw: float | None


class Via(msgspec.Struct):
    ticker: str
    amount_krw: float


class Exposure(msgspec.Struct):
    instrument_code: str
    instrument_name: str | None
    instrument_type: str | None
    sector: str | None
    is_cash: bool | None
    is_derivative: bool  # future, option or swap: amount_krw is its notional
    leg: str  # long, short or flat
    amount_krw: float  # signed
    weight_pct: float  # signed share of the portfolio's total
    via: list[Via]


class ExposureResponse(msgspec.Struct):
    date: str | None
    total_krw: float
    non_cash_krw: float  # Σ signed non-cash exposure (≈ multiple × position for a 1X/2X/−1X/−2X ETF)
    long_krw: float
    short_krw: float
    positions: list[PositionValue]
    exposures: list[Exposure]
    uncovered: list[str]
    note: str

"""What active ETFs bought and sold between dates."""

from __future__ import annotations

import msgspec


class HoldingChange(msgspec.Struct):
    trade_date: str
    prev_date: str | None
    etf_ticker: str
    etf_name: str | None
    issuer: str | None
    instrument_code: str
    instrument_name: str | None
    change_kind: str
    shares_prev: float | None
    shares_curr: float | None
    shares_delta: float | None
    weight_prev: float | None
    weight_curr: float | None
    weight_delta: float | None


class ChangesResponse(msgspec.Struct):
    issuer: str | None
    ticker: str | None
    since: str
    until: str
    active_only: bool
    count: int
    changes: list[HoldingChange]

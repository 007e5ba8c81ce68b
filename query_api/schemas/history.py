"""History endpoints: an ETF's quotes and returns, one holding over time, a stock's holder counts, an ETF's changes.

Every row says its date; every response says the range it covers (`from`/`to` as asked, `first`/`last` as found).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec
from litestar.params import QueryParameter

from query_api.errors import BadInput
from query_api.schemas.params import DATE, limit

FromQuery = Annotated[str | None, DATE.query("first date, YYYY-MM-DD (default: the first loaded)", name="from")]
ToQuery = Annotated[str | None, DATE.query("last date, YYYY-MM-DD (default: the last loaded)", name="to")]
PRICES_LIMIT = limit(2000, "trade dates")
HISTORY_LIMIT = limit(2000, "dates")
ETF_CHANGES_LIMIT = limit(2000, "changes")


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    INCREASED = "increased"
    DECREASED = "decreased"


# `kind` is a string among the ChangeKind values, or left out; never JSON null. Typed `ChangeKind | None`, the query
# value "null" would decode as None (every kind) although the schema does not allow it; as `str | None` the value
# arrives as written and `change_kind` refuses anything outside the enum, which is exactly what the schema says.
KindQuery = Annotated[
    str | None,
    QueryParameter(description="only this kind of change (default: every kind)", enum=[k.value for k in ChangeKind]),
]


def change_kind(value: str | None) -> ChangeKind | None:
    """The `kind` query value: left out is every kind; anything but a ChangeKind value is a 400."""
    if value is None:
        return None
    try:
        return ChangeKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in ChangeKind)
        raise BadInput(f"invalid kind {value[:20]!r}: expected one of {kinds}") from None


class PriceRow(msgspec.Struct):
    date: str
    open_price: float | None
    high_price: float | None
    low_price: float | None
    close_price: float | None
    nav: float | None
    change_price: float | None
    change_pct: float | None
    volume: int | None
    traded_value_krw: float | None
    market_cap_krw: float | None
    listed_units: int | None
    premium_discount_pct: float | None  # 괴리율: (close − NAV) / NAV × 100
    return_1w: float | None  # percent, close to close; see marts.mart_etf_returns
    return_1m: float | None
    return_3m: float | None
    return_since_first: float | None
    first_date: str | None  # the first loaded quote the since-first return starts from


class PricesResponse(msgspec.Struct):
    ticker: str
    name: str | None
    from_date: str | None = msgspec.field(name="from")
    to_date: str | None = msgspec.field(name="to")
    first: str | None = None
    last: str | None = None
    count: int = 0
    prices: list[PriceRow] = []


class HoldingPoint(msgspec.Struct):
    date: str
    held: bool
    instrument_name: str | None
    shares: float | None
    value_krw: float | None
    weight_pct: float | None


class HoldingHistoryResponse(msgspec.Struct):
    ticker: str
    name: str | None
    code: str
    instrument_name: str | None
    first: str | None
    last: str | None
    dates_held: int
    count: int
    history: list[HoldingPoint]


class HoldersPoint(msgspec.Struct):
    date: str
    etf_count: int
    etfs_reporting: int
    avg_weight_pct: float | None
    max_weight_pct: float | None


class HoldersHistoryResponse(msgspec.Struct):
    code: str
    name: str | None
    instrument_type: str | None
    first: str | None
    last: str | None
    count: int
    history: list[HoldersPoint]


class EtfChange(msgspec.Struct):
    date: str
    prev_date: str | None
    instrument_code: str
    instrument_name: str | None
    change_kind: ChangeKind
    shares_prev: float | None
    shares_curr: float | None
    shares_delta: float | None
    weight_prev: float | None
    weight_curr: float | None
    weight_delta: float | None


class EtfChangesResponse(msgspec.Struct):
    ticker: str
    name: str | None
    from_date: str | None = msgspec.field(name="from")
    to_date: str | None = msgspec.field(name="to")
    kind: ChangeKind | None = None
    count: int = 0
    changes: list[EtfChange] = []

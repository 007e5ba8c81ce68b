"""History: an ETF's quotes and returns, one holding over time, a stock's holder counts by date, an ETF's changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency

from query_api import validation
from query_api.db import Row
from query_api.schemas.common import error_responses
from query_api.schemas.history import (
    ETF_CHANGES_LIMIT,
    HISTORY_LIMIT,
    PRICES_LIMIT,
    EtfChangesResponse,
    FromQuery,
    HoldersHistoryResponse,
    HoldingHistoryResponse,
    KindQuery,
    PricesResponse,
    ToQuery,
    change_kind,
)
from query_api.schemas.params import STOCK_CODE, StockCodePath, TickerPath
from query_api.services.history import HistoryService
from query_api.state import Services

CodeQuery = Annotated[str, STOCK_CODE.query("the constituent: a 6-character ticker or a 12-character code")]

# One history query of the service over a window: (the subject it is about, its dated rows); NotFound (404) when
# the subject (ETF or instrument) is not in the data.
Lookup = Callable[[HistoryService, dt.date | None, dt.date | None], Awaitable[tuple[Row, list[Row]]]]


@dataclass(frozen=True)
class Found:
    """What a history lookup found: its subject (the ETF or instrument row) and its rows, oldest or newest first."""

    subject: Row
    rows: list[Row]

    @property
    def first(self) -> str | None:
        return self.rows[0]["date"] if self.rows else None

    @property
    def last(self) -> str | None:
        return self.rows[-1]["date"] if self.rows else None


async def _find(services: Services, start: str | None, end: str | None, lookup: Lookup) -> Found:
    """The handlers' common shape: the `from`/`to` window (400 on a malformed date), then the lookup of the subject
    and its rows, which answers 404 when the subject is unknown (HistoryService raises NotFound)."""
    first, last = validation.date(start, "from"), validation.date(end, "to")
    subject, rows = await lookup(HistoryService(services.db), first, last)
    return Found(subject, rows)


class HistoryController(Controller):
    path = "/v1"
    tags = ("history",)

    @get("/etfs/{ticker:str}/prices", operation_id="getEtfPrices", responses=error_responses(400, 404, 503))
    async def prices(
        self,
        services: NamedDependency[Services],
        ticker: TickerPath,
        start: FromQuery = None,
        end: ToQuery = None,
        limit: Annotated[int, PRICES_LIMIT.query()] = 2000,
    ) -> PricesResponse:
        """Daily OHLC, NAV, volume, traded value, market cap, premium/discount to NAV and returns, oldest first."""
        code = validation.ticker(ticker)
        found = await _find(services, start, end, lambda history, a, b: history.prices(code, a, b, limit))
        return PricesResponse(
            ticker=code,
            name=found.subject["name"],
            from_date=start,
            to_date=end,
            first=found.first,
            last=found.last,
            count=len(found.rows),
            prices=found.rows,  # type: ignore[arg-type]
        )

    @get(
        "/etfs/{ticker:str}/holdings/history",
        operation_id="getEtfHoldingHistory",
        responses=error_responses(400, 404, 503),
    )
    async def holding_history(
        self,
        services: NamedDependency[Services],
        ticker: TickerPath,
        code: CodeQuery,
        start: FromQuery = None,
        end: ToQuery = None,
        limit: Annotated[int, HISTORY_LIMIT.query()] = 2000,
    ) -> HoldingHistoryResponse:
        """One constituent's shares (per CU), value and weight in the ETF on each of the ETF's holdings dates."""
        etf_code, instrument = validation.ticker(ticker), validation.instrument_code(code)
        found = await _find(
            services, start, end, lambda history, a, b: history.holding(etf_code, instrument, a, b, limit)
        )
        names = [r["instrument_name"] for r in found.rows if r["instrument_name"]]
        return HoldingHistoryResponse(
            ticker=etf_code,
            name=found.subject["name"],
            code=instrument,
            instrument_name=names[-1] if names else None,
            first=found.first,
            last=found.last,
            dates_held=sum(1 for r in found.rows if r["held"]),
            count=len(found.rows),
            history=found.rows,  # type: ignore[arg-type]
        )

    @get(
        "/stocks/{code:str}/holders/history",
        operation_id="getStockHoldersHistory",
        responses=error_responses(400, 404, 503),
    )
    async def holders_history(
        self,
        services: NamedDependency[Services],
        code: StockCodePath,
        start: FromQuery = None,
        end: ToQuery = None,
        limit: Annotated[int, HISTORY_LIMIT.query()] = 2000,
    ) -> HoldersHistoryResponse:
        """How many ETFs held the instrument on each holdings date (of how many ETFs reporting that date)."""
        instrument = validation.instrument_code(code)
        found = await _find(services, start, end, lambda history, a, b: history.holders(instrument, a, b, limit))
        return HoldersHistoryResponse(
            code=instrument,
            name=found.subject["name"],
            instrument_type=found.subject["instrument_type"],
            first=found.first,
            last=found.last,
            count=len(found.rows),
            history=found.rows,  # type: ignore[arg-type]
        )

    @get("/etfs/{ticker:str}/changes", operation_id="getEtfChanges", responses=error_responses(400, 404, 503))
    async def changes(
        self,
        services: NamedDependency[Services],
        ticker: TickerPath,
        start: FromQuery = None,
        end: ToQuery = None,
        kind: KindQuery = None,
        limit: Annotated[int, ETF_CHANGES_LIMIT.query()] = 500,
    ) -> EtfChangesResponse:
        """What the ETF added, removed, increased or decreased versus its previous holdings date, newest first."""
        code, only = validation.ticker(ticker), change_kind(kind)
        kind_value = only.value if only else None
        found = await _find(services, start, end, lambda history, a, b: history.changes(code, a, b, kind_value, limit))
        return EtfChangesResponse(
            ticker=code,
            name=found.subject["name"],
            from_date=start,
            to_date=end,
            kind=only,
            count=len(found.rows),
            changes=found.rows,  # type: ignore[arg-type]
        )

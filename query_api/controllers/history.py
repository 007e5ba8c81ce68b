"""History: an ETF's quotes and returns, one holding over time, a stock's holder counts by date, an ETF's changes."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency

from query_api import validation
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


def _dates(start: str | None, end: str | None):  # type: ignore[no-untyped-def]
    return validation.date(start, "from"), validation.date(end, "to")


def _span(rows: list[dict]) -> tuple[str | None, str | None]:
    return (rows[0]["date"], rows[-1]["date"]) if rows else (None, None)


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
        first, last = _dates(start, end)
        etf, rows = await HistoryService(services.db).prices(code, first, last, limit)
        found_first, found_last = _span(rows)
        return PricesResponse(
            ticker=code,
            name=etf["name"],
            from_date=start,
            to_date=end,
            first=found_first,
            last=found_last,
            count=len(rows),
            prices=rows,  # type: ignore[arg-type]
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
        first, last = _dates(start, end)
        etf, rows = await HistoryService(services.db).holding(etf_code, instrument, first, last, limit)
        found_first, found_last = _span(rows)
        names = [r["instrument_name"] for r in rows if r["instrument_name"]]
        return HoldingHistoryResponse(
            ticker=etf_code,
            name=etf["name"],
            code=instrument,
            instrument_name=names[-1] if names else None,
            first=found_first,
            last=found_last,
            dates_held=sum(1 for r in rows if r["held"]),
            count=len(rows),
            history=rows,  # type: ignore[arg-type]
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
        first, last = _dates(start, end)
        stock, rows = await HistoryService(services.db).holders(instrument, first, last, limit)
        found_first, found_last = _span(rows)
        return HoldersHistoryResponse(
            code=instrument,
            name=stock["name"],
            instrument_type=stock["instrument_type"],
            first=found_first,
            last=found_last,
            count=len(rows),
            history=rows,  # type: ignore[arg-type]
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
        first, last = _dates(start, end)
        etf, rows = await HistoryService(services.db).changes(code, first, last, only.value if only else None, limit)
        return EtfChangesResponse(
            ticker=code,
            name=etf["name"],
            from_date=start,
            to_date=end,
            kind=only,
            count=len(rows),
            changes=rows,  # type: ignore[arg-type]
        )

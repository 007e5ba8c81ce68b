"""Which ETFs hold a stock (or any instrument)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency

from query_api import validation
from query_api.schemas.common import error_responses
from query_api.schemas.params import HOLDERS_LIMIT, DateQuery, StockCodePath
from query_api.schemas.stocks import StockEtfsResponse
from query_api.state import Services


class StockController(Controller):
    path = "/v1/stocks"
    tags = ("stocks",)

    @get("/{code:str}/etfs", operation_id="getStockEtfs", responses=error_responses(400, 404, 503))
    async def holders(
        self,
        services: NamedDependency[Services],
        code: StockCodePath,
        date: DateQuery = None,
        limit: Annotated[int, HOLDERS_LIMIT.query()] = 100,
    ) -> StockEtfsResponse:
        """ETFs holding the instrument, by weight, on the latest holdings date (or on/before `date`)."""
        stock, rows = await services.stocks.holders(validation.instrument_code(code), validation.date(date), limit)
        etfs = [{k: v for k, v in r.items() if k != "trade_date"} for r in rows]
        return StockEtfsResponse(
            code=stock["code"],
            name=stock.get("name"),
            instrument_type=stock.get("instrument_type"),
            date=rows[0]["trade_date"] if rows else None,
            count=len(rows),
            etfs=etfs,  # type: ignore[arg-type]
        )

"""ETF search, detail, holdings and similar ETFs."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency

from query_api import validation
from query_api.schemas.common import error_responses
from query_api.schemas.etfs import EtfDetail, EtfSearchResponse, HoldingsResponse, SimilarResponse
from query_api.schemas.params import HOLDINGS_LIMIT, SEARCH_LIMIT, SIMILAR_LIMIT, DateQuery, SearchQuery, TickerPath
from query_api.state import Services


class EtfController(Controller):
    path = "/v1/etfs"
    tags = ("etfs",)

    @get("/", operation_id="searchEtfs", responses=error_responses(400, 503))
    async def search(
        self,
        services: NamedDependency[Services],
        q: SearchQuery,
        limit: Annotated[int, SEARCH_LIMIT.query()] = 20,
    ) -> EtfSearchResponse:
        """Fuzzy ETF search (pg_trgm over names, tickers and aliases such as 코덱스 → KODEX)."""
        query = validation.text(q, "q", 200)
        rows = await services.etfs.search(query, limit)
        return EtfSearchResponse(query=query, count=len(rows), results=rows)  # type: ignore[arg-type]

    @get("/{ticker:str}", operation_id="getEtf", responses=error_responses(400, 404, 503))
    async def detail(self, services: NamedDependency[Services], ticker: TickerPath) -> EtfDetail:
        """One ETF: master data, latest price, tags and top-10 holdings."""
        row = await services.etfs.detail(validation.ticker(ticker))
        return EtfDetail(**row)

    @get("/{ticker:str}/holdings", operation_id="getEtfHoldings", responses=error_responses(400, 404, 503))
    async def holdings(
        self,
        services: NamedDependency[Services],
        ticker: TickerPath,
        date: DateQuery = None,
        limit: Annotated[int, HOLDINGS_LIMIT.query()] = 500,
    ) -> HoldingsResponse:
        """Holdings (per creation unit) of an ETF on a date, by weight."""
        code = validation.ticker(ticker)
        name, trade_date, rows = await services.etfs.holdings(code, validation.date(date), limit)
        holdings = [{k: v for k, v in r.items() if k != "trade_date"} for r in rows]
        return HoldingsResponse(ticker=code, name=name, date=trade_date, count=len(rows), holdings=holdings)  # type: ignore[arg-type]

    @get("/{ticker:str}/similar", operation_id="getSimilarEtfs", responses=error_responses(400, 404, 503))
    async def similar(
        self,
        services: NamedDependency[Services],
        ticker: TickerPath,
        limit: Annotated[int, SIMILAR_LIMIT.query()] = 10,
    ) -> SimilarResponse:
        """ETFs with the largest holdings overlap."""
        code = validation.ticker(ticker)
        name, rows = await services.etfs.similar(code, limit)
        as_of = rows[0]["as_of"] if rows else None
        similar = [{k: v for k, v in r.items() if k != "as_of"} for r in rows]
        return SimilarResponse(ticker=code, name=name, as_of=as_of, similar=similar)  # type: ignore[arg-type]

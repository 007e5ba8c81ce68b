"""Manager changes: what (active) ETFs bought and sold between dates."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery

from query_api import validation
from query_api.schemas.changes import ChangesResponse
from query_api.schemas.common import error_responses
from query_api.schemas.params import CHANGES_LIMIT, DATE, IssuerQuery, TickerQuery
from query_api.state import Services


class ChangesController(Controller):
    path = "/v1/changes"
    tags = ("changes",)

    @get("/", operation_id="getHoldingChanges", responses=error_responses(400, 404, 503))
    async def changes(
        self,
        services: NamedDependency[Services],
        issuer: IssuerQuery = None,
        ticker: TickerQuery = None,
        since: Annotated[str | None, DATE.query("YYYY-MM-DD (default: a week before `until`)")] = None,
        until: Annotated[str | None, DATE.query("YYYY-MM-DD (default: the latest holdings date)")] = None,
        active_only: FromQuery[bool] = True,
        limit: Annotated[int, CHANGES_LIMIT.query()] = 200,
    ) -> ChangesResponse:
        """Added, removed, increased and decreased positions, biggest weight moves first."""
        issuer_text = validation.text(issuer, "issuer", 100) if issuer is not None else None
        code = validation.ticker(ticker) if ticker else None
        issuer_id, start, end, rows = await services.changes.changes(
            issuer_text, code, validation.date(since, "since"), validation.date(until, "until"), active_only, limit
        )
        return ChangesResponse(
            issuer=issuer_id,
            ticker=code,
            since=start.isoformat(),
            until=end.isoformat(),
            active_only=active_only,
            count=len(rows),
            changes=rows,  # type: ignore[arg-type]
        )

"""Manager changes: what (active) ETFs bought and sold between dates."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter

from query_api import validation
from query_api.schemas.changes import ChangesResponse
from query_api.schemas.common import error_responses
from query_api.state import Services


class ChangesController(Controller):
    path = "/v1/changes"
    tags = ("changes",)

    @get("/", operation_id="getHoldingChanges", responses=error_responses(400, 404, 503))
    async def changes(
        self,
        services: NamedDependency[Services],
        issuer: Annotated[
            str | None, QueryParameter(description="issuer name/id or brand (KODEX)", max_length=100)
        ] = None,
        ticker: Annotated[str | None, QueryParameter(description="one ETF", max_length=20)] = None,
        since: Annotated[
            str | None, QueryParameter(description="YYYY-MM-DD (default: a week before the latest)")
        ] = None,
        until: Annotated[
            str | None, QueryParameter(description="YYYY-MM-DD (default: the latest holdings date)")
        ] = None,
        active_only: FromQuery[bool] = True,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 200,
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

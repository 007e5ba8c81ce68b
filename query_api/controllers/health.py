"""Liveness and database status."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from query_api.schemas.health import HealthResponse
from query_api.services.health import health
from query_api.state import Services


class HealthController(Controller):
    path = "/health"
    tags = ("health",)

    @get(
        "/",
        operation_id="health",
        responses={503: ResponseSpec(data_container=HealthResponse, description="Database unavailable")},
    )
    async def health(self, services: NamedDependency[Services]) -> Response[HealthResponse]:
        """200 with the database status and loaded dates; 503 while the database is unreachable."""
        status, body = await health(services.db, services.hub.status)
        return Response(HealthResponse(**body), status_code=status)

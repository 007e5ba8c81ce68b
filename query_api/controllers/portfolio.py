"""Portfolio look-through exposure."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from query_api.schemas.common import error_responses
from query_api.schemas.portfolio import ExposureRequest, ExposureResponse
from query_api.state import Services


class PortfolioController(Controller):
    path = "/v1/portfolio"
    tags = ("portfolio",)

    @post("/exposure", operation_id="portfolioExposure", status_code=200, responses=error_responses(400, 404, 413, 503))
    async def exposure(self, services: NamedDependency[Services], data: JSONBody[ExposureRequest]) -> ExposureResponse:
        """Spread ETF positions (KRW amounts, or units valued at the latest close) over the instruments they hold."""
        result = await services.portfolio.exposure(data)
        return ExposureResponse(**result)  # type: ignore[arg-type]

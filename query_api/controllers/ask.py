"""POST /v1/ask: a question in Korean or English, answered from the data with its plan, rows and sources."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from query_api.schemas.ask import AskRequest, AskResponse
from query_api.schemas.common import error_responses
from query_api.state import Services


class AskController(Controller):
    path = "/v1/ask"
    tags = ("ask",)

    @post("/", operation_id="ask", status_code=200, responses=error_responses(400, 413, 503))
    async def ask(self, services: NamedDependency[Services], data: JSONBody[AskRequest]) -> AskResponse:
        """Route the question (entities → intent → plan on sql/cypher/vector) and answer it with figures and sources."""
        return await services.router.ask(data.question, data.as_of)  # type: ignore[attr-defined,no-any-return]

"""Read-only Cypher over the AGE graph."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from query_api.schemas.common import error_responses
from query_api.schemas.graph import CypherRequest, CypherResponse
from query_api.state import Services


class GraphController(Controller):
    path = "/v1/graph"
    tags = ("graph",)

    @post("/cypher", operation_id="runCypher", status_code=200, responses=error_responses(400, 413, 422, 503))
    async def cypher(self, services: NamedDependency[Services], data: JSONBody[CypherRequest]) -> CypherResponse:
        """One read-only Cypher statement on `etf_graph`; values only through `params` (write clauses refused)."""
        result = await services.graph.run(data)
        return CypherResponse(**result)

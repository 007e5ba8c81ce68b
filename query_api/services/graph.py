"""POST /v1/graph/cypher: one read-only Cypher statement with parameters, on the reader role."""

from __future__ import annotations

from typing import Any

from query_api import cypher_guard
from query_api.db import Database
from query_api.graph import run_cypher
from query_api.schemas.graph import CypherRequest


class GraphService:
    def __init__(self, db: Database, timeout_ms: int = 3000) -> None:
        self.db = db
        self.timeout_ms = timeout_ms

    async def run(self, request: CypherRequest) -> dict[str, Any]:
        query = cypher_guard.check_read_only(request.query)
        params = cypher_guard.check_params(request.params)
        columns = [c.lower() for c in request.columns] if request.columns else cypher_guard.return_columns(query)
        async with self.db.transaction(self.timeout_ms) as conn:
            rows = await run_cypher(conn, query, params, columns, limit=request.limit + 1)
        truncated = len(rows) > request.limit
        rows = rows[: request.limit]
        return {"columns": columns, "count": len(rows), "rows": rows, "truncated": truncated}

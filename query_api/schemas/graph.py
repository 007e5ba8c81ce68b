"""POST /v1/graph/cypher: read-only Cypher with parameters."""

from __future__ import annotations

from typing import Any

import msgspec

from query_api.schemas.params import CypherColumns, CypherLimit, CypherParams, CypherText


class CypherRequest(msgspec.Struct, forbid_unknown_fields=True):
    query: CypherText
    params: CypherParams = msgspec.field(default_factory=dict)
    columns: CypherColumns | None = None
    limit: CypherLimit = 200


class CypherResponse(msgspec.Struct):
    columns: list[str]
    count: int
    rows: list[dict[str, Any]]
    truncated: bool

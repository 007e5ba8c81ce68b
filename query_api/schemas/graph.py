"""POST /v1/graph/cypher: read-only Cypher with parameters."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

ColumnName = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")]


class CypherRequest(msgspec.Struct, forbid_unknown_fields=True):
    query: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
    params: dict[str, Any] = msgspec.field(default_factory=dict)
    columns: Annotated[list[ColumnName], msgspec.Meta(min_length=1, max_length=20)] | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 200


class CypherResponse(msgspec.Struct):
    columns: list[str]
    count: int
    rows: list[dict[str, Any]]
    truncated: bool

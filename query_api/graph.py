"""Cypher for the API on the read-only role, built on `atlas.cypher` (the project's one Cypher module).

`atlas.cypher.compose_cypher` embeds the query text in a dollar-quoted constant whose tag does not occur in it
(AGE accepts nothing else there) and leaves the parameter map as the only placeholder; values always travel as
that agtype map. agtype is decoded by the loader the pool's `configure` registers (`register_agtype_async`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from atlas.cypher import CypherError, compose_cypher, encode_params, referenced_parameters, register_agtype_async
from query_api.db import plain_row
from query_api.errors import BadInput, database_error

GRAPH_NAME = "etf_graph"


async def run_cypher(
    conn: psycopg.AsyncConnection[Any],
    query: str,
    params: Mapping[str, Any] | None,
    columns: Sequence[str],
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Rows of a read-only Cypher query as plain dicts (column → decoded value), at most `limit` of them."""
    try:
        statement: sql.Composable = compose_cypher(GRAPH_NAME, query, columns)
        bound = encode_params(dict(params) if params else {})
        missing = referenced_parameters(query) - set(params or ())
    except CypherError as exc:
        raise BadInput(str(exc)) from exc
    if missing:
        raise BadInput(f"missing Cypher parameter(s): {', '.join('$' + name for name in sorted(missing))}")
    if limit is not None:
        statement = sql.SQL("{} LIMIT {}").format(statement, sql.Literal(int(limit)))
    await register_agtype_async(conn)
    try:
        async with conn.cursor(row_factory=dict_row) as cursor:
            await cursor.execute(statement, (bound,), prepare=True)
            rows = await cursor.fetchall() if cursor.description else []
    except psycopg.Error as exc:
        raise database_error(exc) from exc
    return [plain_row(r) for r in rows]

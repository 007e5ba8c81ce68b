"""Nearest few-shot examples to a question vector (the query form of the masked question), with the distance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import psycopg
from numpy.typing import ArrayLike

from atlas.errors import AtlasError
from atlas.fewshot.sql import statement
from atlas.fewshot.vectors import ensure_vector_adapter, ensure_vector_adapter_async

MAX_K = 100


class RetrievalError(AtlasError):
    """The examples table is missing or stores vectors of another model."""


@dataclass(frozen=True)
class RetrievedExample:
    id: str
    question: str
    masked_question: str
    intent: str
    entities: dict[str, Any]
    queries: list[dict[str, Any]]
    answer_from: str | None
    distance: float  # cosine distance: 0 = same direction, 2 = opposite


@dataclass(frozen=True)
class IrExample:
    """A nearby example with its IR template (entity slots as placeholders, see atlas.fewshot.ir_template)."""

    id: str
    question: str
    masked_question: str
    intent: str
    entities: dict[str, Any]
    ir: dict[str, Any] | None  # None: synced before the examples carried their IR (re-run the sync)
    distance: float


def nearest_irs(conn: psycopg.Connection, vector: ArrayLike, k: int = 5) -> list[IrExample]:
    """The k nearest examples to a question vector (the query form of the masked question) with their IR."""
    params = _params(vector, k)
    ensure_vector_adapter(conn)
    try:
        rows = conn.execute(statement("nearest_ir"), params).fetchall()
    except psycopg.Error as exc:
        raise _explain(exc, params["vector"]) from exc
    return [_ir_example(row) for row in rows]


async def nearest_irs_async(conn: psycopg.AsyncConnection, vector: ArrayLike, k: int = 5) -> list[IrExample]:
    params = _params(vector, k)
    await ensure_vector_adapter_async(conn)
    try:
        cursor = await conn.execute(statement("nearest_ir"), params)
        rows = await cursor.fetchall()
    except psycopg.Error as exc:
        raise _explain(exc, params["vector"]) from exc
    return [_ir_example(row) for row in rows]


def _ir_example(row: Any) -> IrExample:
    values = list(row.values()) if isinstance(row, dict) else list(row)
    return IrExample(*values[:6], distance=float(values[6]))


def retrieve(conn: psycopg.Connection, vector: ArrayLike, k: int = 5) -> list[RetrievedExample]:
    """The k nearest examples, nearest first."""
    params = _params(vector, k)
    ensure_vector_adapter(conn)
    try:
        rows = conn.execute(statement("nearest"), params).fetchall()
    except psycopg.Error as exc:
        raise _explain(exc, params["vector"]) from exc
    return [RetrievedExample(*row[:7], distance=float(row[7])) for row in rows]


async def retrieve_async(conn: psycopg.AsyncConnection, vector: ArrayLike, k: int = 5) -> list[RetrievedExample]:
    params = _params(vector, k)
    await ensure_vector_adapter_async(conn)
    try:
        cursor = await conn.execute(statement("nearest"), params)
        rows = await cursor.fetchall()
    except psycopg.Error as exc:
        raise _explain(exc, params["vector"]) from exc
    return [RetrievedExample(*row[:7], distance=float(row[7])) for row in rows]


def _params(vector: ArrayLike, k: int) -> dict[str, Any]:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ValueError(f"k must be an integer from 1 to {MAX_K}, not {k!r}")
    array = np.asarray(vector, dtype=np.float32)
    if array.ndim != 1 or array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError(f"the question vector must be one finite, non-empty row, not shape {array.shape}")
    return {"vector": array, "k": k}


def _explain(exc: psycopg.Error, vector: np.ndarray) -> Exception:
    if isinstance(exc, psycopg.errors.UndefinedTable):
        return RetrievalError("fewshot.examples does not exist yet: materialize the fewshot_embeddings asset")
    if isinstance(exc, psycopg.errors.UndefinedColumn):
        return RetrievalError("fewshot.examples predates the examples' IR: re-run `atlas embeddings` to sync it")
    if isinstance(exc, psycopg.errors.DataException) and "dimensions" in str(exc):
        return RetrievalError(
            f"the question vector has {vector.size} dimensions but fewshot.examples was embedded with another "
            f"model ({str(exc).strip()}): embed questions with the model that synced the examples"
        )
    return exc

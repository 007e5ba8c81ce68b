"""Sync the examples into `fewshot.examples`: embed only what is new or changed, delete what was removed.

A row's content hash covers what its vector depends on (embedded text, model, prefix style), so a changed question
or a model switch re-embeds exactly the rows concerned; other fields (ir, queries, entities...) are updated in place.
A model of another dimension needs another column type: the table is recreated and everything re-embedded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import psycopg
from numpy.typing import NDArray
from psycopg import sql
from psycopg.types.json import Jsonb

from atlas.db.cluster import READER_ROLE
from atlas.embeddings.client import InputType
from atlas.fewshot.examples import Example
from atlas.fewshot.sql import statement
from atlas.fewshot.vectors import ensure_vector_adapter

# Serialises concurrent syncs (two materializations) on the same database.
SYNC_LOCK_KEY = "fewshot.examples sync"


class TextEmbedder(Protocol):
    """What the sync needs of atlas.embeddings.Embedder."""

    model: str
    dim: int | None

    @property
    def identity(self) -> str: ...

    def embed(self, texts: Sequence[str], input_type: InputType = ...) -> NDArray[np.float32]: ...

    def ensure_dim(self) -> int: ...


@dataclass(frozen=True)
class SyncResult:
    embedded: int
    skipped: int
    deleted: int
    model: str
    dim: int


def embedded_text(example: Example) -> str:
    """The text whose vector is stored: the masked question (entities vary, the question's shape does not)."""
    return example.masked_question


def content_hash(example: Example, embedder_identity: str) -> str:
    payload = f"{embedder_identity}\n{embedded_text(example)}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def sync_examples(conn: psycopg.Connection, examples: Sequence[Example], embedder: TextEmbedder) -> SyncResult:
    """Bring `fewshot.examples` in line with `examples` in one transaction; counts say what it took."""
    ids = [ex.id for ex in examples]
    if len(set(ids)) != len(ids):
        raise ValueError("example ids must be unique")
    ensure_vector_adapter(conn)
    hashes = {ex.id: content_hash(ex, embedder.identity) for ex in examples}
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (SYNC_LOCK_KEY,))
        table_dim = _table_dim(conn)
        if table_dim and conn.execute(statement("has_ir_column")).fetchone() is None:
            conn.execute(statement("add_ir_column"))
        stored = dict(conn.execute(statement("stored_hashes")).fetchall()) if table_dim else {}
        pending = [ex for ex in examples if stored.get(ex.id) != hashes[ex.id]]
        vectors = embedder.embed([embedded_text(ex) for ex in pending], InputType.QUERY) if pending else None
        dim = embedder.dim if embedder.dim is not None else (table_dim or embedder.ensure_dim())
        if table_dim != dim:
            # New table, or a model of another dimension: the column type changes, so every row is re-embedded.
            _recreate_table(conn, dim, exists=table_dim is not None)
            if len(pending) != len(examples):
                pending = list(examples)
                vectors = embedder.embed([embedded_text(ex) for ex in pending], InputType.QUERY)
        if pending:
            assert vectors is not None
            conn.cursor().executemany(
                statement("upsert_embedded"),
                [
                    _row(ex, hashes[ex.id], embedder.model) | {"embedding": vector}
                    for ex, vector in zip(pending, vectors, strict=True)
                ],
            )
        embedded_ids = {ex.id for ex in pending}
        unchanged = [ex for ex in examples if ex.id not in embedded_ids]
        if unchanged:
            conn.cursor().executemany(
                statement("update_unembedded"), [_row(ex, hashes[ex.id], embedder.model) for ex in unchanged]
            )
        deleted = conn.execute(statement("delete_removed"), {"keep": ids}).rowcount
    return SyncResult(
        embedded=len(pending), skipped=len(examples) - len(pending), deleted=deleted, model=embedder.model, dim=dim
    )


def _table_dim(conn: psycopg.Connection) -> int | None:
    row = conn.execute(statement("embedding_dim")).fetchone()
    return int(row[0]) if row and row[0] > 0 else None


def _recreate_table(conn: psycopg.Connection, dim: int, *, exists: bool) -> None:
    if exists:
        conn.execute("drop table fewshot.examples")
    conn.execute(sql.SQL(statement("create_examples")).format(dim=sql.Literal(int(dim))))
    conn.execute(sql.SQL("grant select on fewshot.examples to {}").format(sql.Identifier(READER_ROLE)))


def _row(example: Example, digest: str, model: str) -> dict[str, Any]:
    return {
        "id": example.id,
        "question": example.question,
        "masked_question": example.masked_question,
        "intent": example.intent,
        "entities": Jsonb(example.entities),
        "ir": Jsonb(example.ir) if example.ir is not None else None,
        "queries": Jsonb(example.queries_json()),
        "answer_from": example.answer_from,
        "model": model,
        "content_hash": digest,
    }

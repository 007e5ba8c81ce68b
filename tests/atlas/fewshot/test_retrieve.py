"""Nearest-example lookup on a synced fewshot.examples (all seeds, real embeddings), through the read-only role."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import numpy as np
import psycopg
import pytest

from atlas.embeddings import Embedder
from atlas.fewshot import (
    Example,
    RetrievalError,
    load_examples,
    nearest_irs,
    nearest_irs_async,
    retrieve,
    retrieve_async,
    sync_examples,
)
from tests.conftest import AtlasDatabase
from tests.embedding_endpoint import EmbeddingEndpoint

EXAMPLES = load_examples()
# Examples whose masked question no other example shares: their own vector must find them first.
UNIQUE = [ex for ex in EXAMPLES if Counter(e.masked_question for e in EXAMPLES)[ex.masked_question] == 1]


@pytest.fixture(scope="module")
def embedder(embedding_endpoint: EmbeddingEndpoint) -> Embedder:
    return embedding_endpoint.embedder()


@pytest.fixture(scope="module")
def synced(fewshot_db: AtlasDatabase, embedder: Embedder) -> AtlasDatabase:
    with fewshot_db.loader() as conn:
        conn.execute("drop table if exists fewshot.examples")
        sync_examples(conn, EXAMPLES, embedder)
    return fewshot_db


@pytest.fixture
def reader(synced: AtlasDatabase) -> Iterator[psycopg.Connection]:
    with synced.reader() as conn:
        yield conn


def _sample() -> list[Example]:
    return UNIQUE[:: max(1, len(UNIQUE) // 12)]


def test_an_examples_own_vector_finds_it_first(reader: psycopg.Connection, embedder: Embedder) -> None:
    sample = _sample()
    vectors = embedder.embed([ex.masked_question for ex in sample])
    for example, vector in zip(sample, vectors, strict=True):
        found = retrieve(reader, vector, k=5)
        assert len(found) == 5
        assert found[0].id == example.id and found[0].distance < 1e-3
        distances = [f.distance for f in found]
        assert distances == sorted(distances)


def test_rows_come_back_decoded(reader: psycopg.Connection, embedder: Embedder) -> None:
    example = next(ex for ex in UNIQUE if ex.intent == "MULTI_HOP")
    [found] = retrieve(reader, embedder.embed_one(example.masked_question), k=1)
    assert (found.question, found.intent, found.answer_from) == (example.question, example.intent, None)
    assert found.entities == example.entities
    assert found.queries == example.queries_json()


def test_nearest_irs_return_the_ir_templates(reader: psycopg.Connection, embedder: Embedder) -> None:
    example = next(ex for ex in UNIQUE if ex.intent == "MULTI_HOP")
    [found] = nearest_irs(reader, embedder.embed_one(example.masked_question), k=1)
    assert (found.id, found.intent, found.entities, found.ir) == (
        example.id,
        example.intent,
        example.entities,
        example.ir,
    )
    assert found.distance < 1e-3


async def test_nearest_irs_async_equals_the_sync_one(synced: AtlasDatabase, embedder: Embedder) -> None:
    vector = embedder.embed_one("{ETF} 보수 얼마임")
    with synced.reader() as conn:
        expected = nearest_irs(conn, vector, k=3)
    async with await psycopg.AsyncConnection.connect(synced.reader_dsn, autocommit=True) as aconn:
        found = await nearest_irs_async(aconn, vector, k=3)
    assert [(f.id, f.ir) for f in found] == [(e.id, e.ir) for e in expected]
    assert found[0].ir is not None and found[0].ir["type"] == "lookup"


def test_a_new_phrasing_finds_examples_of_its_intent(reader: psycopg.Connection, embedder: Embedder) -> None:
    found = retrieve(reader, embedder.embed_one("{STOCK} 담고있는 ETF 뭐뭐 있음?"), k=3)
    assert [f.intent for f in found] == ["RELATION"] * 3


async def test_async_lookup_equals_the_sync_one(synced: AtlasDatabase, embedder: Embedder) -> None:
    vector = embedder.embed_one(_sample()[0].masked_question)
    with synced.reader() as conn:
        expected = retrieve(conn, vector, k=4)
    async with await psycopg.AsyncConnection.connect(synced.reader_dsn, autocommit=True) as aconn:
        found = await retrieve_async(aconn, vector, k=4)
    assert [f.id for f in found] == [e.id for e in expected]
    assert np.allclose([f.distance for f in found], [e.distance for e in expected])


def test_the_hnsw_index_serves_the_lookup(reader: psycopg.Connection, embedder: Embedder) -> None:
    from pgvector.psycopg import register_vector

    from atlas.fewshot.sql import statement

    register_vector(reader)
    with reader.transaction():
        reader.execute("set local enable_seqscan = off")
        plan = "\n".join(
            row[0]
            for row in reader.execute(
                "explain " + statement("nearest"), {"vector": embedder.embed_one("{ETF} 어때?"), "k": 5}
            )
        )
    assert "examples_embedding_hnsw" in plan


@pytest.mark.parametrize("k", [0, 101, True, 2.5])
def test_bad_k_is_refused(reader: psycopg.Connection, k: object) -> None:
    with pytest.raises(ValueError, match="k must be"):
        retrieve(reader, np.ones(384, dtype=np.float32), k=k)  # type: ignore[arg-type]


@pytest.mark.parametrize("vector", [np.ones((2, 384)), np.array([]), np.full(384, np.nan)])
def test_bad_vectors_are_refused(reader: psycopg.Connection, vector: np.ndarray) -> None:
    with pytest.raises(ValueError, match="question vector"):
        retrieve(reader, vector)


def test_a_vector_of_another_model_is_a_clear_error(reader: psycopg.Connection) -> None:
    with pytest.raises(RetrievalError, match="has 3 dimensions"):
        retrieve(reader, [0.1, 0.2, 0.3])


def test_a_missing_table_is_a_clear_error(scratch_db: AtlasDatabase) -> None:
    with scratch_db.reader() as conn, pytest.raises(RetrievalError, match="materialize the fewshot_embeddings"):
        retrieve(conn, np.ones(384, dtype=np.float32))

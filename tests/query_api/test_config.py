"""Embeddings and chat are configured separately: OPENAI_* never redirects embeddings, chat never gets the
embeddings key; with nothing set, the defaults are the local embeddings server and no chat model."""

from __future__ import annotations

import pytest

from atlas.config import LOCAL_KEY, Settings
from query_api.config import ApiConfig

VARIABLES = (
    "OPENAI_BASE_URL",
    "OPENAI_API_KEY",
    "ATLAS_EMBEDDINGS_BASE_URL",
    "ATLAS_EMBEDDINGS_API_KEY",
    "ATLAS_CHAT_BASE_URL",
    "ATLAS_CHAT_API_KEY",
    "ATLAS_CHAT_MODEL",
    "ATLAS_EMBEDDINGS",
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def config() -> ApiConfig:
    settings = Settings.from_env()
    return ApiConfig.from_settings(settings, dsn="postgresql:///unused")


def test_defaults_are_unchanged(env: pytest.MonkeyPatch) -> None:
    api = config()
    port = Settings.from_env().embedding_port
    assert api.embedding_base_url == f"http://127.0.0.1:{port}/v1" and api.embedding_api_key == LOCAL_KEY
    assert api.chat_model is None and api.chat_base_url is None and api.chat_api_key == LOCAL_KEY


def test_openai_variables_configure_chat_only(env: pytest.MonkeyPatch) -> None:
    env.setenv("OPENAI_BASE_URL", "https://llm.example/v1")
    env.setenv("OPENAI_API_KEY", "sk-chat")
    api = config()
    assert api.embedding_base_url is not None and api.embedding_base_url.startswith("http://127.0.0.1:")
    assert api.embedding_api_key == LOCAL_KEY  # the chat provider's key is not sent to the embeddings server
    assert api.chat_base_url == "https://llm.example/v1" and api.chat_api_key == "sk-chat"


def test_embeddings_and_chat_each_have_their_own_url_and_key(env: pytest.MonkeyPatch) -> None:
    env.setenv("ATLAS_EMBEDDINGS_BASE_URL", "https://embed.example/v1")
    env.setenv("ATLAS_EMBEDDINGS_API_KEY", "sk-embed")
    env.setenv("ATLAS_CHAT_BASE_URL", "https://chat.example/v1")
    env.setenv("ATLAS_CHAT_API_KEY", "sk-chat")
    env.setenv("OPENAI_BASE_URL", "https://ignored.example/v1")
    env.setenv("OPENAI_API_KEY", "sk-ignored")
    api = config()
    assert (api.embedding_base_url, api.embedding_api_key) == ("https://embed.example/v1", "sk-embed")
    assert (api.chat_base_url, api.chat_api_key) == ("https://chat.example/v1", "sk-chat")


def test_chat_never_falls_back_to_the_embeddings_key(env: pytest.MonkeyPatch) -> None:
    env.setenv("ATLAS_EMBEDDINGS_BASE_URL", "https://embed.example/v1")
    env.setenv("ATLAS_EMBEDDINGS_API_KEY", "sk-embed")
    env.setenv("ATLAS_CHAT_BASE_URL", "https://chat.example/v1")
    api = config()
    assert api.chat_api_key == LOCAL_KEY and api.chat_base_url == "https://chat.example/v1"

"""`atlas eval` on the loaded snapshot: the deterministic router (no LLM, rules only) meets the targets."""

from __future__ import annotations

import dataclasses

import pytest

from atlas.config import Settings
from query_api.evaluation import run


async def test_eval_meets_the_targets_without_an_llm(api_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ATLAS_EMBEDDINGS", "off")
    settings = dataclasses.replace(Settings.from_env(), db_name=api_db.name, chat_model=None, embedding_base_url=None)
    report = await run(settings)
    assert report["questions"] >= 100 and report["llm"] is False
    assert report["intent_accuracy"] >= 0.95, report["failures"]
    assert report["answer_accuracy"] >= 0.90, report["failures"]
    assert set(report["per_intent"]) == {
        "ATTRIBUTE",
        "FILTER",
        "RELATION",
        "MULTI_HOP",
        "COMPARISON",
        "AGGREGATION",
        "OPEN",
        "NEGATIVE",
    }

"""`atlas eval` on the loaded snapshot: the deterministic router (no LLM, rules only) meets the targets.

The gold facts in seeds/eval/*.yaml are frozen from the dev database (every holdings date); the loaded test database
holds only the last two holdings dates. Every question of the sets is about the latest date or the price window,
which both databases share, so the test first recomputes each gold query on the database under test and requires
the frozen facts to match: the answers are then checked against facts that hold in the data being asked.
"""

from __future__ import annotations

import dataclasses

import pytest

from atlas.config import Settings
from query_api.eval_gold import compute
from query_api.eval_set import EVAL_SETS, load
from query_api.evaluation import run

INTENTS = {"ATTRIBUTE", "FILTER", "RELATION", "MULTI_HOP", "COMPARISON", "AGGREGATION", "OPEN", "NEGATIVE"}


@pytest.mark.parametrize("name", sorted(EVAL_SETS))
def test_frozen_gold_facts_hold_on_the_loaded_database(api_db, name: str) -> None:  # type: ignore[no-untyped-def]
    questions = load(EVAL_SETS[name])
    golds = compute(questions, api_db.reader_dsn)
    assert {q.id: q.gold for q in questions} == golds


async def test_eval_meets_the_targets_without_an_llm(api_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ATLAS_EMBEDDINGS", "off")
    settings = dataclasses.replace(Settings.from_env(), db_name=api_db.name, chat_model=None, embedding_base_url=None)
    report = await run(settings)
    assert report["questions"] >= 100 and report["llm"] is False
    assert report["intent_accuracy"] >= 0.95, report["failures"]
    assert report["answer_accuracy"] >= 0.90, report["failures"]
    assert set(report["per_intent"]) == INTENTS

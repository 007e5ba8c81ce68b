"""`atlas eval` on the loaded snapshot: the deterministic router (no LLM, rules only) meets the targets.

The gold facts in seeds/eval/*.yaml are frozen from the dev database (every snapshot date). The loaded test database
holds only the last two holdings dates and prices from 2024-11-05: questions marked `full_history` (October 2024
prices, holding changes over a period, older holdings) are skipped there, and every other gold query is recomputed on
the database under test and must match the frozen facts: the answers are then checked against facts that hold in
the data being asked.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import yaml

from atlas.config import Settings
from query_api.eval_gold import applicable, compute, has_full_history
from query_api.eval_set import CLASSES, EVAL_PATH, EVAL_SETS, INTENTS, load
from query_api.evaluation import run, summarize


def _settings(api_db) -> Settings:  # type: ignore[no-untyped-def]
    return dataclasses.replace(Settings.from_env(), db_name=api_db.name, chat_model=None, embedding_base_url=None)


@pytest.mark.parametrize("name", sorted(EVAL_SETS))
def test_frozen_gold_facts_hold_on_the_loaded_database(api_db, name: str) -> None:  # type: ignore[no-untyped-def]
    questions = load(EVAL_SETS[name])
    full = has_full_history(api_db.reader_dsn)
    answerable, skipped = applicable(questions, full)
    assert len(answerable) + len(skipped) == len(questions)
    assert all(q.full_history for q in skipped) and (full or not any(q.full_history for q in answerable))
    golds = compute(answerable, api_db.reader_dsn)
    assert {q.id: q.gold for q in answerable} == golds


def test_full_history_questions_are_skipped_where_the_data_starts_later(api_db) -> None:  # type: ignore[no-untyped-def]
    full = has_full_history(api_db.reader_dsn)
    if not os.environ.get("ATLAS_TEST_API_DB"):
        assert not full  # the pipeline's test database: holdings and prices from 2024-11-05
    questions = load()
    skipped = applicable(questions, full)[1]
    assert len(skipped) == (0 if full else sum(q.full_history for q in questions)) and (full or skipped)


async def test_eval_reports_per_class_and_skips_full_history_questions(  # type: ignore[no-untyped-def]
    api_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small set of the dev questions (one per class, plus a full_history one) run through the real router."""
    monkeypatch.setenv("ATLAS_EMBEDDINGS", "off")
    document = yaml.safe_load(EVAL_PATH.read_text(encoding="utf-8"))
    picked, seen = [], set()
    for raw in document["questions"]:
        if raw["class"] not in seen and not raw.get("full_history"):
            seen.add(raw["class"])
            picked.append(raw)
    history = next(raw for raw in document["questions"] if raw.get("full_history"))
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump({"gold_queries": document["gold_queries"], "questions": [*picked, history]}))
    report = await run(_settings(api_db), path)
    full = has_full_history(api_db.reader_dsn)
    assert report["skipped_full_history"] == (0 if full else 1)
    assert report["questions"] == len(picked) + (1 if full else 0)
    assert list(report["per_class"]) == [c for c in CLASSES if c in seen]
    assert all(row["questions"] >= 1 for row in report["per_class"].values())
    assert sum(row["questions"] for row in report["per_class"].values()) == report["questions"]
    assert set(report["per_intent"]) <= set(INTENTS)


def test_summary_groups_by_intent_and_class() -> None:
    def result(intent: str, klass: str, intent_ok: bool, answer_ok: bool) -> dict[str, object]:
        return {
            "gold_intent": intent,
            "class": klass,
            "intent": intent if intent_ok else "OPEN",
            "intent_ok": intent_ok,
            "answer_ok": answer_ok,
            "used_examples": False,
        }

    report = summarize(
        [
            result("RELATION", "changes", True, True),
            result("RELATION", "relation", True, False),
            result("ATTRIBUTE", "time", False, False),
            result("FILTER", "time", True, True),
        ],
        embeddings=0,
    )
    assert report["per_class"] == {
        "time": {"questions": 2, "intent_accuracy": 0.5, "answer_accuracy": 0.5},
        "changes": {"questions": 1, "intent_accuracy": 1.0, "answer_accuracy": 1.0},
        "relation": {"questions": 1, "intent_accuracy": 1.0, "answer_accuracy": 0.0},
    }
    assert list(report["per_intent"]) == ["ATTRIBUTE", "FILTER", "RELATION"]
    assert report["per_intent"]["RELATION"] == {"questions": 2, "intent_accuracy": 1.0, "answer_accuracy": 0.5}
    assert report["intent_accuracy"] == 0.75 and report["answer_accuracy"] == 0.5
    assert report["confusion"] == {"ATTRIBUTE->OPEN": 1} and len(report["failures"]) == 2


async def test_eval_meets_the_targets_without_an_llm(api_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ATLAS_EMBEDDINGS", "off")
    report = await run(_settings(api_db))
    assert report["questions"] >= 400 and report["llm"] is False
    assert report["intent_accuracy"] >= 0.95, report["failures"]
    assert report["answer_accuracy"] >= 0.90, report["failures"]
    assert set(report["per_intent"]) == set(INTENTS)
    assert set(report["per_class"]) == set(CLASSES)

"""query_api.loadcheck: the small closed-loop load generator drives a real server and counts what it got back."""

from __future__ import annotations

import asyncio

import yaml

from query_api.loadcheck import EVAL_SETS, level, percentile, questions
from tests.query_api.conftest import Server


def test_questions_interleave_the_intents() -> None:
    texts = questions(EVAL_SETS["questions"])
    assert len(texts) == len(set(texts)) >= 100
    first_round = texts[:8]  # one question of each intent before any intent repeats
    intent_of = {
        q["question"]: q["intent"]
        for q in yaml.safe_load(EVAL_SETS["questions"].read_text(encoding="utf-8"))["questions"]
    }
    assert len({intent_of[t] for t in first_round}) == 8


def test_percentile() -> None:
    assert percentile([5.0], 50) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 100) == 100.0


def test_a_bounded_level_against_a_real_server(live_server: Server) -> None:
    texts = questions(EVAL_SETS["questions"])[:6]
    result = asyncio.run(level(live_server.base_url, texts, clients=2, seconds=30.0, budget=8))
    assert result["requests"] == 8 and result["errors"] == 0 and result["clients"] == 2
    assert result["p50_ms"] <= result["p99_ms"]

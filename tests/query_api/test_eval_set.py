"""The evaluation set: shape, separation from the few-shot examples, and the answer checker."""

from __future__ import annotations

from collections import Counter

from query_api.eval_set import (
    EVAL_PATH,
    HOLDOUT_PATH,
    INTENTS,
    check_answer,
    load,
    numbers_in,
    overlapping_with,
    overlapping_with_fewshot,
)


def test_at_least_100_questions_over_every_intent_with_frozen_gold() -> None:
    questions = load()
    assert len(questions) >= 100
    per_intent = Counter(q.intent for q in questions)
    assert set(per_intent) == set(INTENTS) and min(per_intent.values()) >= 10
    for q in questions:
        assert q.gold, f"{q.id} has no frozen gold facts (run python -m query_api.eval_gold)"
        assert q.gold_sql or q.gold.get("not_in_data"), q.id


def test_no_question_is_also_a_few_shot_example() -> None:
    assert overlapping_with_fewshot(load()) == []


def test_the_held_out_set_is_separate_and_covers_every_intent() -> None:
    holdout = load(HOLDOUT_PATH)
    assert len(holdout) >= 40
    per_intent = Counter(q.intent for q in holdout)
    assert set(per_intent) == set(INTENTS) and min(per_intent.values()) >= 5
    assert sum(q.question.isascii() for q in holdout) >= 5  # some English
    for q in holdout:
        assert q.gold, f"{q.id} has no frozen gold facts (run python -m query_api.eval_gold --set holdout)"
        assert q.gold_sql or q.gold.get("not_in_data") or q.gold.get("caveat"), q.id
    assert overlapping_with_fewshot(holdout) == []
    assert overlapping_with(holdout, load(EVAL_PATH)) == []
    assert not {q.id for q in holdout} & {q.id for q in load(EVAL_PATH)}


def test_numbers_are_read_with_their_units() -> None:
    found = numbers_in(
        "시가총액은 11조 7,192억원, 거래대금 452억원, 종가 60,895원, 총보수 0.15%, 구성종목 201개, 배수 2"
    )
    assert found["krw"] == [11_719_200_000_000.0, 45_200_000_000.0]
    assert found["won"] == [60895.0] and found["pct"] == [0.15] and found["count"] == [201.0]
    assert 2.0 in found["factor"]


def test_the_checker_needs_every_fact() -> None:
    gold = {"tickers": ["069500"], "numbers": [{"value": 0.15, "unit": "pct"}], "texts": ["삼성자산운용"]}
    assert check_answer(gold, "KODEX 200(069500)의 총보수는 연 0.15%, 운용사는 삼성자산운용입니다.") == []
    assert check_answer(gold, "KODEX 200(069500)의 총보수는 연 0.16%입니다.") == ["text '삼성자산운용'", "pct 0.15"]
    assert check_answer({"not_in_data": True}, "비트코인 ETF는 데이터에 없습니다.") == []
    assert check_answer({"not_in_data": True}, "KODEX 200의 보수는 0.15%") == ["does not say the data lacks it"]

"""The evaluation set: shape, separation from the few-shot examples, and the answer checker."""

from __future__ import annotations

from collections import Counter

from query_api.eval_set import (
    CLASS_INTENTS,
    CLASSES,
    EVAL_PATH,
    EVAL_SETS,
    HOLDOUT_PATH,
    INTENTS,
    check_answer,
    load,
    numbers_in,
    overlapping_with,
    overlapping_with_fewshot,
)


def test_at_least_420_questions_over_every_intent_and_class_with_frozen_gold() -> None:
    questions = load()
    assert len(questions) >= 420
    per_intent = Counter(q.intent for q in questions)
    assert set(per_intent) == set(INTENTS) and min(per_intent.values()) >= 10
    per_class = Counter(q.klass for q in questions)
    assert set(per_class) == set(CLASSES), per_class  # every question has a class
    assert min(per_class.values()) >= 25, per_class
    for q in questions:
        assert q.gold, f"{q.id} has no frozen gold facts (run python -m query_api.eval_gold)"
        assert q.gold_sql or q.gold.get("not_in_data"), q.id
        assert q.klass is not None and q.intent in CLASS_INTENTS[q.klass], f"{q.id}: {q.klass} as {q.intent}"
        assert bool(q.gold.get("not_in_data")) == (q.klass == "negative"), q.id
        if q.klass == "open":
            assert q.gold.get("caveat"), f"{q.id}: an OPEN answer must say what the data cannot tell"
        if q.gold_sql and not q.gold.get("not_in_data"):
            assert set(q.gold) - {"caveat"}, f"{q.id}: no ticker, text or number to check"


def test_the_development_set_is_written_the_way_people_type() -> None:
    questions = load()
    assert sum(q.question.isascii() for q in questions) >= 30  # English
    mixed = [q for q in questions if not q.question.isascii() and any("a" <= c.lower() <= "z" for c in q.question)]
    assert len(mixed) >= 150  # Korean with ETF brands or English words
    assert 15 <= sum(q.full_history for q in questions) < len(questions) // 4  # most hold on the test window too


def test_no_question_repeats_a_held_out_one() -> None:
    questions = load(EVAL_PATH)
    for name, path in EVAL_SETS.items():
        if path == EVAL_PATH:
            continue
        others = load(path)
        assert overlapping_with(questions, others) == [], name
        assert not {q.id for q in questions} & {q.id for q in others}, name


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


def test_amounts_under_a_hundred_million_are_read_as_shown_and_held_to_their_rounding() -> None:
    """4,263만원 and KRW 780,288,980 (small traded values), not KRW 1 of 'KRW 1.2 billion'."""
    found = numbers_in("거래대금 4,263만원, traded value KRW 780,288,980, KRW 1.2 billion")
    assert found["krw"] == [1_200_000_000.0, 42_630_000.0, 780_288_980.0]
    gold = {"numbers": [{"value": 42_632_545.0, "unit": "krw"}]}
    assert check_answer(gold, "거래대금 4,263만원") == [] and check_answer(gold, "거래대금 5,263만원") != []


def test_the_checker_needs_every_fact() -> None:
    gold = {"tickers": ["069500"], "numbers": [{"value": 0.15, "unit": "pct"}], "texts": ["삼성자산운용"]}
    assert check_answer(gold, "KODEX 200(069500)의 총보수는 연 0.15%, 운용사는 삼성자산운용입니다.") == []
    assert check_answer(gold, "KODEX 200(069500)의 총보수는 연 0.16%입니다.") == ["text '삼성자산운용'", "pct 0.15"]
    assert check_answer({"not_in_data": True}, "비트코인 ETF는 데이터에 없습니다.") == []
    assert check_answer({"not_in_data": True}, "KODEX 200의 보수는 0.15%") == ["does not say the data lacks it"]

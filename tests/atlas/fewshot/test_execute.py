"""How step parameters are resolved: entity slots by name, earlier steps' columns as lists."""

from __future__ import annotations

import pytest

from atlas.fewshot import Channel, Example, QueryStep, StepRef
from atlas.fewshot.execute import StepResult, step_params

STEP_2 = QueryStep(
    channel=Channel.SQL,
    query="select 1 where %(issuer)s is not null and 'x' = any(%(tickers)s)",
    params={"tickers": StepRef(1, "ticker"), "issuer": "issuer"},
    purpose="t",
)
EXAMPLE = Example(
    id="hop",
    question="q",
    intent="MULTI_HOP",
    entities={"issuer": "삼성자산운용"},
    masked_question="{ISSUER}",
    queries=(STEP_2,),
)


def test_slots_and_earlier_columns() -> None:
    earlier = [StepResult(1, Channel.CYPHER, [{"ticker": "069500"}, {"ticker": "102110"}], False)]
    assert step_params(EXAMPLE, STEP_2, earlier) == {"tickers": ["069500", "102110"], "issuer": "삼성자산운용"}


def test_an_empty_earlier_step_gives_an_empty_list() -> None:
    assert step_params(EXAMPLE, STEP_2, [StepResult(1, Channel.CYPHER, [], False)])["tickers"] == []


def test_a_missing_column_names_the_step() -> None:
    earlier = [StepResult(1, Channel.SQL, [{"code": "005930"}], False)]
    with pytest.raises(KeyError, match="step 1 has no column 'ticker'"):
        step_params(EXAMPLE, STEP_2, earlier)

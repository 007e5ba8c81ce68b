"""Every few-shot example's query steps, run with its entities on the loaded snapshot (read-only role).

Shape, not answers: a step returns rows with some real value in them, except a NEGATIVE example's
`expect_empty` step, which must return nothing (that emptiness is the answer).
Needs the `loaded_db` fixture: a database with the pipeline run on the latest snapshot dates (marts and graph).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from atlas.fewshot import Example, load_examples
from atlas.fewshot.execute import StepResult, run_example

EXAMPLES = load_examples()


@pytest.fixture(scope="module")
def reader(loaded_db: Any) -> Iterator[psycopg.Connection]:
    with loaded_db.reader() as conn:
        yield conn


def _meaningful(value: Any) -> bool:
    """Not nothing: a count of 0 or an empty list says the data did not answer."""
    return value not in (None, 0, "", [], {})


def _check(example: Example, result: StepResult) -> None:
    where = f"{example.id} step {result.step} ({result.channel.value})"
    if result.expect_empty:
        assert result.rows == [], f"{where} should prove an absence but returned {result.rows[:3]}"
        return
    assert result.rows, f"{where} returned no rows for {example.entities}"
    assert any(_meaningful(v) for row in result.rows for v in row.values()), f"{where} returned only empty values"


@pytest.mark.parametrize("example", EXAMPLES, ids=[ex.id for ex in EXAMPLES])
def test_example_queries_answer_on_the_snapshot(reader: psycopg.Connection, example: Example) -> None:
    results = run_example(reader, example)
    assert len(results) == len(example.queries)
    for result in results:
        _check(example, result)

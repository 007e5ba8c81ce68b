"""Run an example's query steps with its entities, in order; later steps may take columns of earlier ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from atlas.cypher import run_cypher
from atlas.fewshot.examples import Channel, Example, QueryStep, StepRef


@dataclass(frozen=True)
class StepResult:
    step: int
    channel: Channel
    rows: list[dict[str, Any]]
    expect_empty: bool


def step_params(example: Example, step: QueryStep, earlier: list[StepResult]) -> dict[str, Any]:
    """Parameter values: entity slot values, or the list of a column's values in an earlier step's rows."""
    values: dict[str, Any] = {}
    for name, source in step.params.items():
        if isinstance(source, StepRef):
            rows = earlier[source.step - 1].rows
            if rows and source.column not in rows[0]:
                raise KeyError(f"{example.id}: step {source.step} has no column {source.column!r}")
            values[name] = [row[source.column] for row in rows]
        else:
            values[name] = example.entities[source]
    return values


def run_example(conn: psycopg.Connection, example: Example) -> list[StepResult]:
    results: list[StepResult] = []
    for number, step in enumerate(example.queries, start=1):
        params = step_params(example, step, results)
        if step.channel is Channel.SQL:
            with conn.cursor() as cursor:
                cursor.execute(step.query, params)
                names = [col.name for col in cursor.description or []]
                rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        else:
            rows = run_cypher(conn, step.query, params, step.columns)
        results.append(StepResult(number, step.channel, rows, step.expect_empty))
    return results

"""Execution of a plan's steps on their channels, on one read-only connection with a statement timeout.

sql: a named query over the marts; cypher: a named query over the graph (parameters through cypher()'s third
argument); vector: the few-shot retrieval done while classifying (recorded as a step). A step whose dependency
returned nothing is skipped (its rows are empty) rather than run with an empty parameter.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from query_api.db import Database, fetch_all, load_cypher, load_sql
from query_api.graph import run_cypher
from query_api.router.planner import Plan, Step

log = logging.getLogger("query_api.router")


@dataclass
class StepRun:
    step: Step
    params: dict[str, Any]  # as executed (bound values filled in)
    rows: list[dict[str, Any]]
    skipped: bool = False


def resolve_params(step: Step, done: dict[int, StepRun]) -> dict[str, Any] | None:
    """The step's parameters with bound values from earlier steps; None when a dependency has no rows."""
    params = dict(step.params)
    for name, bind in step.bind.items():
        rows = done[bind.step].rows
        values = []
        for row in rows:
            value = row.get(bind.column)
            if value is not None and value not in values:
                values.append(value)
        if bind.index is not None:
            if len(values) <= bind.index:
                return None
            params[name] = values[bind.index]
        else:
            if not values:
                return None
            params[name] = values
    return params


async def execute(db: Database, plan: Plan, timeout_ms: int) -> list[StepRun]:
    runs: dict[int, StepRun] = {}
    async with db.reads(timeout_ms) as conn:
        for step in plan.steps:
            if step.channel == "vector":
                continue  # already run by the classifier; its rows are attached by the pipeline
            params = resolve_params(step, runs)
            if params is None:
                runs[step.number] = StepRun(step, _shown_params(step), [], skipped=True)
                continue
            if step.channel == "cypher":
                text = step.query_text or load_cypher(step.query_name)
                rows = await run_cypher(conn, text, params, step.columns or [], step.limit)
            else:
                rows = await fetch_all(conn, step.query_text or load_sql(step.query_name), params)
            runs[step.number] = StepRun(step, params, rows)
    return [runs[s.number] for s in plan.steps if s.number in runs]


def _shown_params(step: Step) -> dict[str, Any]:
    shown = dict(step.params)
    for name, bind in step.bind.items():
        shown[name] = {"from_step": bind.step, "column": bind.column}
    return shown

"""What a plan is made of: steps on channels (sql, cypher, vector), parameters bound to an earlier step's rows,
and the context a plan is made in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TOP_DEFAULT = 10


@dataclass(frozen=True)
class Bind:
    """Parameter from an earlier step: the values of `column` (a list, or the value at `index`)."""

    step: int
    column: str
    index: int | None = None


@dataclass
class Step:
    channel: str  # sql | cypher | vector
    purpose: str
    query_name: str
    params: dict[str, Any]
    role: str
    bind: dict[str, Bind] = field(default_factory=dict)
    columns: list[str] | None = None
    limit: int | None = None
    number: int = 0
    query_text: str | None = None  # generated (LLM) queries carry their text; planned ones name a file

    @property
    def depends_on(self) -> list[int]:
        return sorted({b.step for b in self.bind.values()})


@dataclass
class Plan:
    operation: str
    steps: list[Step]
    focus: dict[str, Any] = field(default_factory=dict)

    def add(self, step: Step) -> int:
        step.number = len(self.steps) + 1
        self.steps.append(step)
        return step.number


@dataclass(frozen=True)
class Context:
    as_of: str | None
    graph_ok: bool  # the graph holds the date asked about

"""POST /v1/ask: the JSON contract of architecture.md section 9 (kept exactly: outside checks read it)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from query_api.schemas.params import IsoDate, Question

QueryIr = Annotated[
    dict[str, Any],
    msgspec.Meta(
        description="The parsed question as the query IR (query_api.router.ir as JSON, a tagged union on 'type', "
        "e.g. {'type': 'holders', 'stock': {'type': 'stock', 'code': '005930'}, 'limit': 10}); empty when the "
        "question was answered without one"
    ),
]


class AskRequest(msgspec.Struct, forbid_unknown_fields=True):
    question: Question
    as_of: IsoDate | None = None


class Entity(msgspec.Struct):
    type: str  # etf | stock | issuer | index | sector | tag
    id: str
    name: str


class PlanStep(msgspec.Struct):
    step: int
    channel: str  # sql | cypher | vector
    purpose: str
    query: str
    params: dict[str, Any]
    depends_on: list[int]


class StepResult(msgspec.Struct):
    step: int
    channel: str
    rows: list[dict[str, Any]]


class AskResponse(msgspec.Struct):
    question: str
    intent: str
    confidence: float
    entities: list[Entity]
    plan: list[PlanStep]
    results: list[StepResult]
    answer: str
    sources: list[str]
    timings_ms: dict[str, float]
    # the parsed question as the query IR (query_api.router.ir as JSON: a tagged union on "type")
    query: QueryIr = msgspec.field(default_factory=dict)

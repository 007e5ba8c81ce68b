"""Answers from the executed steps: template sentences in the question's language (Korean by default) with the
figures, their units and as-of dates, and the sources they came from. Numbers come from SQL rows whenever a
step has them (graph rows only decide which ETFs/stocks are involved).

One module per intent family holds the `_<operation>` methods of the plans that family's planner makes;
`Answer` joins them, and `compose` is the entry point.
"""

from __future__ import annotations

from query_api.router import formats as f
from query_api.router.answer.aggregation import AggregationAnswers
from query_api.router.answer.attributes import AttributeAnswers
from query_api.router.answer.base import AnswerBase, Rows
from query_api.router.answer.comparison import ComparisonAnswers
from query_api.router.answer.lists import ListAnswers
from query_api.router.answer.multi_hop import MultiHopAnswers
from query_api.router.answer.negative import NegativeAnswers
from query_api.router.answer.open_ended import NOT_KNOWN_EN, NOT_KNOWN_KO, OpenAnswers
from query_api.router.answer.relations import RelationAnswers
from query_api.router.answer.sources import GENERATED_TABLE_RE, SOURCE_TABLES
from query_api.router.channels import StepRun
from query_api.router.entities import Linking
from query_api.router.planner import Plan
from query_api.router.slots import Slots

__all__ = [
    "GENERATED_TABLE_RE",
    "NOT_KNOWN_EN",
    "NOT_KNOWN_KO",
    "SOURCE_TABLES",
    "Answer",
    "AnswerBase",
    "Rows",
    "compose",
]


class Answer(
    OpenAnswers,  # before AttributeAnswers: it builds on them
    AttributeAnswers,
    ListAnswers,
    RelationAnswers,
    MultiHopAnswers,
    ComparisonAnswers,
    AggregationAnswers,
    NegativeAnswers,
):
    """All operations' answers; `text()` picks the one the plan names."""


def compose(plan: Plan, runs: list[StepRun], linking: Linking, slots: Slots, lang: str) -> tuple[str, list[str]]:
    answer = Answer(plan, runs, linking, slots, lang)
    text = answer.text()
    return (f.fix_josa(text) if lang == "ko" else text), answer.sources()

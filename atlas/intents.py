"""The intents of a question: one closed set shared by the router, the few-shot examples and the evaluation."""

from enum import StrEnum


class Intent(StrEnum):
    ATTRIBUTE = "ATTRIBUTE"
    FILTER = "FILTER"
    RELATION = "RELATION"
    MULTI_HOP = "MULTI_HOP"
    COMPARISON = "COMPARISON"
    AGGREGATION = "AGGREGATION"
    OPEN = "OPEN"
    NEGATIVE = "NEGATIVE"

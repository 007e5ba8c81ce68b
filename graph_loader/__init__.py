"""The AGE graph `etf_graph`, built in bulk from the marts and switched in atomically; checks against the marts."""

from graph_loader.build import GraphBuildError, GraphBuildResult, build_graph
from graph_loader.checks import CheckOutcome, count_checks, traversal_checks

__all__ = [
    "CheckOutcome",
    "GraphBuildError",
    "GraphBuildResult",
    "build_graph",
    "count_checks",
    "traversal_checks",
]

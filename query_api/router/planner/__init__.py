"""The planner: intent + entities + slots → steps on channels (sql over the marts, cypher over the graph, vector).

MULTI_HOP and COMPARISON decompose into dependent steps: a later step's parameter is bound to a column of an
earlier step's rows (e.g. the tickers found by a graph traversal feed the SQL that fetches their fees). Queries
are named files in query_api/sql; values are always parameters. When the graph cannot answer (an `as_of` before
the graph's date, or no graph loaded), relation steps use their SQL twins.

One module per intent family builds that family's plans from the shared step makers (steps.py, filters.py).
"""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.aggregation import plan_aggregation
from query_api.router.planner.attributes import plan_attribute
from query_api.router.planner.comparison import plan_comparison
from query_api.router.planner.filters import filter_params, sort_key
from query_api.router.planner.lists import plan_filter
from query_api.router.planner.model import TOP_DEFAULT, Bind, Context, Plan, Step
from query_api.router.planner.multi_hop import plan_multi_hop
from query_api.router.planner.negative import plan_negative
from query_api.router.planner.open_ended import plan_open
from query_api.router.planner.relations import plan_relation
from query_api.router.slots import Slots

__all__ = ["TOP_DEFAULT", "Bind", "Context", "Plan", "Step", "filter_params", "make_plan", "sort_key"]


def make_plan(intent: str, linking: Linking, slots: Slots, ctx: Context) -> Plan:
    builder = {
        "ATTRIBUTE": plan_attribute,
        "FILTER": plan_filter,
        "RELATION": plan_relation,
        "MULTI_HOP": plan_multi_hop,
        "COMPARISON": plan_comparison,
        "AGGREGATION": plan_aggregation,
        "OPEN": plan_open,
        "NEGATIVE": plan_negative,
    }[intent]
    plan = builder(linking, slots, ctx)
    plan.focus.setdefault("attributes", slots.attributes)
    plan.focus.setdefault("direction", slots.direction)
    return plan

"""FILTER plans: the listed ETFs matching the question's conditions, in the asked order."""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.filters import filter_params
from query_api.router.planner.model import Context, Plan, Step
from query_api.router.slots import Slots


def plan_filter(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    plan = Plan("filter", [])
    limit = slots.top_n or 20
    plan.add(
        Step(
            "sql",
            "ETFs matching the conditions (marts.dim_etf + latest prices)",
            "ask_filter_etfs",
            filter_params(linking, slots, ctx, limit),
            "filtered",
        )
    )
    plan.focus["sort"] = plan.steps[0].params["sort"]
    return plan

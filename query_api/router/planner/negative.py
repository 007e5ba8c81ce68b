"""NEGATIVE plans: what was asked is not in the data; look for ETFs with similar names."""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.model import Context, Plan, Step
from query_api.router.slots import Slots


def plan_negative(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    plan = Plan("not_in_data", [])
    from query_api.router.pipeline import looks_like_name

    tokens = [*linking.unknown_name_keys, *[t for t in linking.leftovers if looks_like_name(t)]][:6]
    tokens += [c.lower() for c in linking.unknown_codes]
    if tokens:
        plan.add(
            Step("sql", "near matches among ETF names (pg_trgm)", "router_fuzzy_etfs", {"tokens": tokens}, "near_etfs")
        )
    plan.focus["tokens"] = [*linking.unknown_names, *tokens[len(linking.unknown_name_keys) :]]
    return plan

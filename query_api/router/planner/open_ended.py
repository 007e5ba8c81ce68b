"""OPEN plans: the facts behind a risk profile or an overview (never a recommendation)."""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.filters import filter_params
from query_api.router.planner.model import Context, Plan, Step
from query_api.router.planner.steps import holders_step, profile_step, sector_mix_steps, stock_profile_step
from query_api.router.slots import Slots


def plan_open(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    if etfs:
        plan = Plan("risk_profile", [])
        plan.add(profile_step(etfs[:1], ctx, "fee, leverage/inverse, market, asset class"))
        plan.add(
            Step(
                "sql",
                "concentration and exposure of the holdings",
                "ask_etf_risk",
                {"ticker": etfs[0], "as_of": ctx.as_of},
                "risk",
            )
        )
        sector_mix_steps(plan, etfs[0], ctx, 5)
        return plan
    if stocks:
        plan = Plan("stock_overview", [])
        plan.add(stock_profile_step(stocks[:1], ctx, "instrument facts"))
        plan.add(holders_step(stocks[0], ctx, limit=5))
        return plan
    plan = Plan("open_list", [])
    sort = "fee_asc" if slots.wants("fee") else "aum_desc"
    params = filter_params(linking, slots, ctx, limit=slots.top_n or 5, sort=sort)
    plan.add(
        Step(
            "sql", "candidates from the data (largest or cheapest matching ETFs)", "ask_filter_etfs", params, "filtered"
        )
    )
    plan.focus["sort"] = sort
    return plan

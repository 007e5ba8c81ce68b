"""COMPARISON plans: ETFs, stocks or issuers side by side."""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.attributes import plan_attribute
from query_api.router.planner.model import Bind, Context, Plan, Step
from query_api.router.planner.steps import holder_counts_step, profile_step, stock_profile_step, weights_step
from query_api.router.slots import Slots


def plan_comparison(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    issuers = linking.ids("issuer") + [b for b in linking.ids("brand")]
    if len(etfs) >= 2:
        plan = Plan("compare_etfs", [])
        first = plan.add(profile_step(etfs[:5], ctx, "facts of each ETF"))
        if stocks:
            plan.add(weights_step(stocks[0], Bind(first, "ticker"), ctx, "weight of the stock in each ETF"))
        plan.add(
            Step(
                "sql",
                "holdings overlap of the first two (Σ min weight over common stocks)",
                "ask_etf_overlap",
                {"as_of": ctx.as_of},
                "overlap",
                bind={"a": Bind(first, "ticker", index=0), "b": Bind(first, "ticker", index=1)},
            )
        )
        return plan
    if len(stocks) >= 2:
        plan = Plan("compare_stocks", [])
        plan.add(holder_counts_step(stocks[:5], ctx, "ETFs holding each stock"))
        plan.add(stock_profile_step(stocks[:5], ctx, "facts of each stock"))
        return plan
    if len(issuers) >= 2:
        plan = Plan("compare_issuers", [])
        plan.add(
            Step(
                "sql",
                "issuers side by side",
                "ask_issuer_stats",
                {"issuers": issuers[:5], "as_of": ctx.as_of},
                "issuer_stats",
            )
        )
        return plan
    return plan_attribute(linking, slots, ctx)

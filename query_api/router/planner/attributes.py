"""ATTRIBUTE plans: the facts of ETFs or stocks, or a stock's weight in an ETF."""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.lists import plan_filter
from query_api.router.planner.model import TOP_DEFAULT, Context, Plan
from query_api.router.planner.steps import profile_step, stock_profile_step, top_holdings_step, weights_step
from query_api.router.slots import Slots


def plan_attribute(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    if etfs and stocks:
        plan = Plan("etf_stock_weight", [])
        plan.add(weights_step(stocks[0], etfs, ctx, "weight of the stock in the ETF (marts.fct_etf_holdings)"))
        return plan
    if etfs:
        plan = Plan("etf_attribute", [])
        plan.add(profile_step(etfs, ctx))
        if slots.wants("holdings"):
            plan.add(top_holdings_step(etfs, ctx, slots.top_n or TOP_DEFAULT, "top holdings"))
        return plan
    if stocks:
        plan = Plan("stock_attribute", [])
        plan.add(stock_profile_step(stocks, ctx, "instrument facts (marts.dim_stock)"))
        return plan
    return plan_filter(linking, slots, ctx)

"""RELATION plans: one hop in the graph (holders, holdings, sectors, similar ETFs, a group's ETFs), with the
figures from the marts."""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.filters import filter_params
from query_api.router.planner.lists import plan_filter
from query_api.router.planner.model import TOP_DEFAULT, Bind, Context, Plan, Step
from query_api.router.planner.steps import (
    group_members_step,
    holder_counts_step,
    holders_step,
    sector_mix_steps,
    similar_graph_step,
    similar_sql_step,
    top_holdings_step,
    weights_step,
)
from query_api.router.slots import Slots


def plan_relation(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    limit = slots.top_n or TOP_DEFAULT
    if stocks and "same_sector" in slots.cues:
        plan = Plan("same_sector", [])
        if ctx.graph_ok:
            plan.add(
                Step(
                    "cypher",
                    "stocks of the same sector (graph: Stock-[:IN_SECTOR]->Sector<-[:IN_SECTOR]-Stock)",
                    "ask_same_sector_stocks",
                    {"code": stocks[0]},
                    "same_sector_graph",
                    columns=["code", "name", "sector"],
                    limit=200,
                )
            )
        plan.add(
            Step(
                "sql",
                "same-sector stocks held by the most ETFs (marts)",
                "ask_same_sector_stocks",
                {"code": stocks[0], "as_of": ctx.as_of, "limit": limit},
                "same_sector",
            )
        )
        return plan
    if stocks:
        plan = Plan("stock_holders", [])
        first = plan.add(holders_step(stocks[0], ctx, limit=limit))
        if plan.steps[0].channel == "cypher":
            plan.add(weights_step(stocks[0], Bind(first, "ticker"), ctx, "weights from the marts (SQL numbers win)"))
        plan.add(holder_counts_step(stocks[:1], ctx, "how many ETFs hold it"))
        return plan
    if etfs:
        low = linking.cue_text.lower()
        if any(w in low for w in ("비슷", "유사", "닮은", "similar", "대체", "겹치", "overlap")):
            plan = Plan("similar", [])
            if ctx.graph_ok:
                first = plan.add(similar_graph_step(etfs[0], limit))
                plan.add(
                    Step(
                        "sql",
                        "overlap figures (marts.mart_etf_overlap)",
                        "ask_similar_etfs",
                        {"ticker": etfs[0], "limit": limit},
                        "similar_sql",
                        bind={"tickers": Bind(first, "ticker")},
                    )
                )
            else:
                plan.add(similar_sql_step(etfs[0], limit))
            return plan
        if slots.wants("sector") and not slots.wants("holdings"):
            plan = Plan("etf_sectors", [])
            sector_mix_steps(plan, etfs[0], ctx, limit)
            return plan
        plan = Plan("etf_holdings", [])
        if ctx.graph_ok:
            plan.add(
                Step(
                    "cypher",
                    "holdings (graph: ETF-[:HOLDS]->Stock)",
                    "ask_etf_holdings",
                    {"ticker": etfs[0]},
                    "holdings_graph",
                    columns=["code", "name", "weight", "as_of"],
                    limit=limit,
                )
            )
        plan.add(top_holdings_step(etfs[:1], ctx, limit, "top holdings with weights (marts.fct_etf_holdings)"))
        return plan
    members = group_members_step(linking, ctx)
    if members is not None:
        plan = Plan("group_members", [])
        first = plan.add(members)
        if members.channel == "cypher":
            params = filter_params(linking, slots, ctx, limit=slots.top_n or 20)
            params.update({"issuers": None, "brands": None, "indexes": None, "tags": None})
            plan.add(
                Step(
                    "sql",
                    "facts of those ETFs, by size (marts)",
                    "ask_filter_etfs",
                    params,
                    "filtered",
                    bind={"tickers": Bind(first, "ticker")},
                )
            )
        return plan
    return plan_filter(linking, slots, ctx)

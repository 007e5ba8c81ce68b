"""MULTI_HOP plans: a first hop (holders, group members, similar ETFs, the top holding) and dependent steps
bound to its rows."""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.filters import filter_params
from query_api.router.planner.lists import plan_filter
from query_api.router.planner.model import TOP_DEFAULT, Bind, Context, Plan, Step
from query_api.router.planner.steps import (
    group_members_step,
    holders_step,
    profile_step,
    similar_graph_step,
    similar_sql_step,
    top_holdings_step,
    weights_step,
)
from query_api.router.slots import Slots


def plan_multi_hop(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    low = linking.cue_text.lower()
    if len(stocks) >= 2:
        plan = Plan("holders_of_all", [])
        first = plan.add(holders_step(stocks[0], ctx, limit=500))
        plan.add(
            Step(
                "sql",
                "of those, ETFs that also hold the other stock(s), with weights",
                "ask_holders_of_all",
                {"codes": stocks, "as_of": ctx.as_of, "limit": slots.top_n or TOP_DEFAULT},
                "holders_all",
                bind={"tickers": Bind(first, "ticker")},
            )
        )
        return plan
    if stocks and (linking.ids("issuer") or linking.ids("brand") or linking.ids("index") or linking.ids("tag")):
        plan = Plan("group_stock_weight", [])
        members = group_members_step(linking, ctx)
        assert members is not None
        first = plan.add(members)
        plan.add(weights_step(stocks[0], Bind(first, "ticker"), ctx, "weight of the stock in each of those ETFs"))
        return plan
    metric = _metric(slots)
    wants_filter = bool(slots.conditions or linking.ids("tag")) or (
        metric in ("fee", "aum", "volume", "return", "change") and slots.direction is not None
    )
    if stocks and wants_filter and not _by_weight(linking):
        plan = Plan("holders_then_filter", [])
        first = plan.add(holders_step(stocks[0], ctx, limit=500))
        params = filter_params(linking, slots, ctx, limit=slots.top_n or 5)
        second = plan.add(
            Step(
                "sql",
                "of the holders, those matching the conditions, ordered (marts)",
                "ask_filter_etfs",
                params,
                "filtered",
                bind={"tickers": Bind(first, "ticker")},
            )
        )
        plan.add(weights_step(stocks[0], Bind(second, "ticker"), ctx, "weights of the stock in them (SQL numbers win)"))
        plan.focus["sort"] = params["sort"]
        return plan
    if stocks:
        plan = Plan("holders_then_facts", [])
        first = plan.add(holders_step(stocks[0], ctx, limit=50))
        plan.add(profile_step(Bind(first, "ticker"), ctx, "facts of the holding ETFs (fee, size, issuer)"))
        plan.add(weights_step(stocks[0], Bind(first, "ticker"), ctx, "weights from the marts (SQL numbers win)"))
        metric = _metric(slots)
        by_weight = (
            _by_weight(linking) or not metric or (metric in ("issuer", "index", "listing_date") and not slots.direction)
        )
        plan.focus["pick"] = "weight" if by_weight else metric
        return plan
    if etfs and any(
        w in low
        for w in (
            "1위",
            "최대 종목",
            "가장 큰 종목",
            "top holding",
            "largest holding",
            "비중이 가장 높은 종목",
            "제일 많이 담은 종목",
        )
    ):
        plan = Plan("top_holding_then_holders", [])
        first = plan.add(top_holdings_step(etfs[:1], ctx, 1, "the ETF's largest holding"))
        plan.add(
            Step(
                "sql",
                "other ETFs holding that stock, by weight",
                "ask_stock_holders",
                {"as_of": ctx.as_of, "limit": (slots.top_n or 5) + 1},
                "holders",
                bind={"code": Bind(first, "instrument_code", index=0)},
            )
        )
        return plan
    if etfs and (slots.wants("sector") or "업종" in low):
        plan = Plan("holdings_then_sectors", [])
        first = plan.add(top_holdings_step(etfs[:1], ctx, slots.top_n or TOP_DEFAULT, "top holdings of the ETF"))
        plan.add(
            Step(
                "sql",
                "sector of each holding (marts.dim_stock)",
                "ask_stock_profile",
                {"as_of": ctx.as_of},
                "stock_profile",
                bind={"codes": Bind(first, "instrument_code")},
            )
        )
        return plan
    if etfs:
        plan = Plan("similar_then_facts", [])
        first = plan.add(similar_graph_step(etfs[0], 10) if ctx.graph_ok else similar_sql_step(etfs[0], 10))
        plan.add(profile_step(Bind(first, "ticker"), ctx, "facts of the similar ETFs"))
        plan.focus["pick"] = _metric(slots) or "overlap"
        return plan
    members = group_members_step(linking, ctx)
    if members is not None:
        plan = Plan("group_then_facts", [])
        first = plan.add(members)
        plan.add(profile_step(Bind(first, "ticker"), ctx, "facts of those ETFs"))
        plan.focus["pick"] = _metric(slots) or "aum"
        return plan
    return plan_filter(linking, slots, ctx)


def _by_weight(linking: Linking) -> bool:
    low = linking.cue_text.lower()
    return any(
        w in low
        for w in (
            "가장 많이 담",
            "제일 많이 담",
            "많이 담은",
            "비중이 가장",
            "비중 가장",
            "비중이 제일",
            "비중 제일",
            "비중 높은",
            "비중이 높은",
            "largest weight",
            "highest weight",
            "most of",
        )
    )


def _metric(slots: Slots) -> str | None:
    """The figure to pick by: a sortable one when the question has a direction (가장 싼, 제일 큰), else the first."""
    sortable = [a for a in slots.attributes if a in ("fee", "aum", "volume", "return", "price", "change")]
    if slots.direction and sortable:
        return sortable[0]
    for a in slots.attributes:
        if a in ("fee", "aum", "volume", "return", "price", "issuer", "index", "listing_date", "change"):
            return a
    return None

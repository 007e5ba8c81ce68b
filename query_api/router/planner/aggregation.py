"""AGGREGATION plans: counts, averages, rankings over ETFs, issuers or stocks, and sums over one ETF's holdings."""

from __future__ import annotations

from query_api.router.entities import Linking
from query_api.router.planner.filters import filter_params
from query_api.router.planner.model import TOP_DEFAULT, Context, Plan, Step
from query_api.router.planner.steps import holder_counts_step, sector_mix_steps
from query_api.router.slots import Slots


def plan_aggregation(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    low = linking.cue_text.lower()
    stocks, etfs = linking.ids("stock"), linking.ids("etf")
    if etfs:
        return _etf_aggregation(etfs[0], linking, slots, ctx)
    if stocks:
        plan = Plan("stock_holder_count", [])
        plan.add(holder_counts_step(stocks, ctx, "number of ETFs holding the stock"))
        return plan
    if any(
        w in low
        for w in (
            "가장 많이 담",
            "가장 많이 편입",
            "가장 많이 보유",
            "제일 많이 담",
            "제일 많이 편입",
            "most held",
            "most widely",
            "most common",
            "최다 편입",
            "많이 들어간 종목",
            "인기 종목",
            "가장 많은 etf에",
        )
    ):
        plan = Plan("most_held_stocks", [])
        plan.add(
            Step(
                "sql",
                "instruments held by the most ETFs",
                "ask_most_held_stocks",
                {"as_of": ctx.as_of, "limit": slots.top_n or TOP_DEFAULT},
                "most_held",
            )
        )
        return plan
    by_issuer = any(
        w in low for w in ("운용사별", "운용사 별", "by issuer", "per issuer", "each issuer", "운용사마다", "회사별")
    )
    wants_ranking = slots.top_n is not None or any(
        w in low for w in ("순위", "랭킹", "ranking", "상위", "top", "가장", "제일")
    )
    if by_issuer or (not linking.mentions and wants_ranking and any(w in low for w in ("운용사", "issuer", "manager"))):
        plan = Plan("by_issuer", [])
        sort = "aum_desc" if slots.wants("aum") else ("fee_asc" if slots.wants("fee") else "count_desc")
        plan.add(
            Step(
                "sql",
                "per issuer: ETF count, average fee, total size",
                "ask_aggregate_by_issuer",
                {
                    "as_of": ctx.as_of,
                    "issuers": linking.ids("issuer") or None,
                    "leveraged": True if "leveraged" in slots.conditions else None,
                    "inverse": True if "inverse" in slots.conditions else None,
                    "active": True if "active" in slots.conditions else None,
                    "sort": sort,
                    "limit": slots.top_n or 10,
                },
                "by_issuer",
            )
        )
        return plan
    counting = any(
        w in low for w in ("몇 개", "몇개", "개수", "갯수", "how many", "count", "number of", "몇 곳", "수는", "수가")
    )
    averaging = any(w in low for w in ("평균", "average", "mean", "합계", "총", "total", "sum", "합산"))
    if wants_ranking and not counting and not averaging:
        plan = Plan("top_n", [])
        params = filter_params(linking, slots, ctx, limit=slots.top_n or 5)
        plan.add(Step("sql", "ETFs ranked (marts.dim_etf + latest prices)", "ask_filter_etfs", params, "filtered"))
        plan.focus["sort"] = params["sort"]
        return plan
    plan = Plan("aggregate", [])
    params = filter_params(linking, slots, ctx)
    for key in ("tickers", "aum_min", "aum_max", "traded_min", "sort", "limit"):
        params.pop(key, None)
    plan.add(Step("sql", "count, fee statistics and total size (marts)", "ask_aggregate_etfs", params, "aggregate"))
    plan.focus["measure"] = "avg" if averaging and not counting else "count"
    return plan


def _etf_aggregation(ticker: str, linking: Linking, slots: Slots, ctx: Context) -> Plan:
    low = linking.cue_text.lower()
    if slots.wants("sector") or "업종" in low or "섹터" in low:
        plan = Plan("etf_sector_weights", [])
        sector_mix_steps(
            plan,
            ticker,
            ctx,
            50,
            graph_purpose="sector weights (graph: ETF-[:HOLDS]->Stock-[:IN_SECTOR]->Sector)",
            sql_purpose="weights summed by sector (marts)",
        )
        return plan
    if slots.top_n and (slots.wants("weight") or "합" in low or "sum" in low or "total" in low):
        plan = Plan("etf_topn_weight", [])
        plan.add(
            Step(
                "sql",
                f"sum of the {slots.top_n} largest weights",
                "ask_etf_topn_weight",
                {"ticker": ticker, "n": slots.top_n, "as_of": ctx.as_of},
                "topn",
            )
        )
        return plan
    plan = Plan("etf_holdings_count", [])
    plan.add(
        Step(
            "sql",
            "number of holdings and concentration (marts.fct_etf_holdings)",
            "ask_etf_risk",
            {"ticker": ticker, "as_of": ctx.as_of},
            "risk",
        )
    )
    return plan

"""Step makers shared by the intents' planners; relation steps go through the graph when it holds the date asked
about, else through their SQL twins over the marts.
"""

from __future__ import annotations

from typing import Any

from query_api.router.entities import Linking
from query_api.router.planner.filters import filter_params
from query_api.router.planner.model import Bind, Context, Plan, Step
from query_api.router.slots import Slots


def profile_step(
    tickers: list[str] | Bind, ctx: Context, purpose: str = "ETF facts: fee, price, size, issuer, index"
) -> Step:
    if isinstance(tickers, Bind):
        return Step("sql", purpose, "ask_etf_profile", {"as_of": ctx.as_of}, "profile", bind={"tickers": tickers})
    return Step("sql", purpose, "ask_etf_profile", {"tickers": tickers, "as_of": ctx.as_of}, "profile")


def holders_step(code: str, ctx: Context, limit: int = 20) -> Step:
    if ctx.graph_ok:
        return Step(
            "cypher",
            "ETFs holding the stock (graph: ETF-[:HOLDS]->Stock)",
            "ask_stock_holders",
            {"code": code},
            "holders",
            columns=["ticker", "name", "weight", "as_of"],
            limit=limit,
        )
    return Step(
        "sql",
        "ETFs holding the stock on the requested date (holdings history is in the marts)",
        "ask_stock_holders",
        {"code": code, "as_of": ctx.as_of, "limit": limit},
        "holders",
    )


def weights_step(code: str, tickers: Bind | list[str], ctx: Context, purpose: str) -> Step:
    params: dict[str, Any] = {"code": code, "as_of": ctx.as_of}
    if isinstance(tickers, Bind):
        return Step("sql", purpose, "ask_stock_weights", params, "weights", bind={"tickers": tickers})
    return Step("sql", purpose, "ask_stock_weights", {**params, "tickers": tickers}, "weights")


def group_members_step(linking: Linking, ctx: Context) -> Step | None:
    """ETFs of an issuer / index / tag, through the graph when it can answer."""
    for kind, query, param, label in (
        ("index", "ask_index_etfs", "index", "ETF-[:TRACKS]->Index"),
        ("issuer", "ask_issuer_etfs", "issuer", "ETF-[:MANAGED_BY]->Issuer"),
        ("tag", "ask_tag_etfs", "tag", "ETF-[:TAGGED]->Tag"),
    ):
        ids = linking.ids(kind)
        if ids and ctx.graph_ok:
            return Step(
                "cypher",
                f"ETFs by relation (graph: {label})",
                query,
                {param: ids[0]},
                "members",
                columns=["ticker", "name"],
                limit=500,
            )
    if linking.ids("brand") or linking.ids("issuer") or linking.ids("index") or linking.ids("tag"):
        params = filter_params(linking, Slots(), ctx, limit=500)
        return Step("sql", "ETFs of the group (marts.dim_etf)", "ask_filter_etfs", params, "members")
    return None


def top_holdings_step(tickers: list[str], ctx: Context, limit: int, purpose: str) -> Step:
    params = {"tickers": tickers, "as_of": ctx.as_of, "limit": limit}
    return Step("sql", purpose, "ask_etf_top_holdings", params, "top_holdings")


def sector_mix_steps(
    plan: Plan,
    ticker: str,
    ctx: Context,
    limit: int,
    graph_purpose: str = "sector mix (graph: ETF-[:HOLDS]->Stock-[:IN_SECTOR]->Sector)",
    sql_purpose: str = "sector mix by weight (marts)",
) -> None:
    """An ETF's weights by sector: the graph's view when it can answer, and always the marts' figures."""
    if ctx.graph_ok:
        plan.add(
            Step(
                "cypher",
                graph_purpose,
                "ask_etf_sectors",
                {"ticker": ticker},
                "sectors_graph",
                columns=["sector", "weight", "holdings"],
                limit=limit,
            )
        )
    plan.add(
        Step(
            "sql", sql_purpose, "ask_etf_sector_mix", {"ticker": ticker, "as_of": ctx.as_of, "limit": limit}, "sectors"
        )
    )


def similar_graph_step(ticker: str, limit: int) -> Step:
    return Step(
        "cypher",
        "similar ETFs (graph: ETF-[:SIMILAR_TO]->ETF)",
        "ask_similar_etfs",
        {"ticker": ticker},
        "similar",
        columns=["ticker", "name", "overlap", "rank"],
        limit=limit,
    )


def similar_sql_step(ticker: str, limit: int) -> Step:
    params = {"ticker": ticker, "tickers": None, "limit": limit}
    return Step("sql", "similar ETFs (marts.mart_etf_overlap)", "ask_similar_etfs", params, "similar_sql")


def stock_profile_step(codes: list[str], ctx: Context, purpose: str) -> Step:
    return Step("sql", purpose, "ask_stock_profile", {"codes": codes, "as_of": ctx.as_of}, "stock_profile")


def holder_counts_step(codes: list[str], ctx: Context, purpose: str) -> Step:
    return Step("sql", purpose, "ask_stock_holder_counts", {"codes": codes, "as_of": ctx.as_of}, "holder_count")

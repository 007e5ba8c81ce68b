"""The planner: intent + entities + slots → steps on channels (sql over the marts, cypher over the graph, vector).

MULTI_HOP and COMPARISON decompose into dependent steps: a later step's parameter is bound to a column of an
earlier step's rows (e.g. the tickers found by a graph traversal feed the SQL that fetches their fees). Queries
are named files in query_api/sql; values are always parameters. When the graph cannot answer (an `as_of` before
the graph's date, or no graph loaded), relation steps use their SQL twins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from query_api.router.entities import Linking
from query_api.router.slots import Slots

TOP_DEFAULT = 10


@dataclass(frozen=True)
class Bind:
    """Parameter from an earlier step: the values of `column` (a list, or the value at `index`)."""

    step: int
    column: str
    index: int | None = None


@dataclass
class Step:
    channel: str  # sql | cypher | vector
    purpose: str
    query_name: str
    params: dict[str, Any]
    role: str
    bind: dict[str, Bind] = field(default_factory=dict)
    columns: list[str] | None = None
    limit: int | None = None
    number: int = 0
    query_text: str | None = None  # generated (LLM) queries carry their text; planned ones name a file

    @property
    def depends_on(self) -> list[int]:
        return sorted({b.step for b in self.bind.values()})


@dataclass
class Plan:
    operation: str
    steps: list[Step]
    focus: dict[str, Any] = field(default_factory=dict)

    def add(self, step: Step) -> int:
        step.number = len(self.steps) + 1
        self.steps.append(step)
        return step.number


@dataclass(frozen=True)
class Context:
    as_of: str | None
    graph_ok: bool  # the graph holds the date asked about


def make_plan(intent: str, linking: Linking, slots: Slots, ctx: Context) -> Plan:
    builder = {
        "ATTRIBUTE": _attribute,
        "FILTER": _filter,
        "RELATION": _relation,
        "MULTI_HOP": _multi_hop,
        "COMPARISON": _comparison,
        "AGGREGATION": _aggregation,
        "OPEN": _open,
        "NEGATIVE": _negative,
    }[intent]
    plan = builder(linking, slots, ctx)
    plan.focus.setdefault("attributes", slots.attributes)
    plan.focus.setdefault("direction", slots.direction)
    return plan


# -- shared step makers -----------------------------------------------------------------------------------------


def _profile(
    tickers: list[str] | Bind, ctx: Context, purpose: str = "ETF facts: fee, price, size, issuer, index"
) -> Step:
    if isinstance(tickers, Bind):
        return Step("sql", purpose, "ask_etf_profile", {"as_of": ctx.as_of}, "profile", bind={"tickers": tickers})
    return Step("sql", purpose, "ask_etf_profile", {"tickers": tickers, "as_of": ctx.as_of}, "profile")


def _holders(code: str, ctx: Context, limit: int = 20) -> Step:
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


def _weights(code: str, tickers: Bind | list[str], ctx: Context, purpose: str) -> Step:
    params: dict[str, Any] = {"code": code, "as_of": ctx.as_of}
    if isinstance(tickers, Bind):
        return Step("sql", purpose, "ask_stock_weights", params, "weights", bind={"tickers": tickers})
    return Step("sql", purpose, "ask_stock_weights", {**params, "tickers": tickers}, "weights")


def _group_members(linking: Linking, ctx: Context) -> Step | None:
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


def sort_key(slots: Slots, default: str = "aum_desc") -> str:
    metrics = [a for a in slots.attributes if a in ("fee", "aum", "volume", "return", "change", "listing_date")]
    if len(metrics) > 1 and (slots.fee_max is not None or slots.fee_min is not None):
        metrics.remove("fee")  # a fee threshold is a condition; the other figure orders the list
    if len(metrics) > 1 and slots.amount_metric == "volume" and "volume" in metrics:
        metrics.remove("volume")
    metric = metrics[0] if metrics else None
    asc = slots.direction == "asc"
    if metric == "fee":
        return "fee_desc" if slots.direction == "desc" and not _cheap(slots) else "fee_asc"
    if metric == "aum":
        return "aum_asc" if asc else "aum_desc"
    if metric == "volume":
        return "volume_asc" if asc else "volume_desc"
    if metric in ("return", "change"):
        return "return_asc" if asc else "return_desc"
    if metric == "listing_date":
        return "listing_asc" if asc or "오래" in slots.cues else "listing_desc"
    if slots.fee_max is not None or slots.fee_min is not None:
        return "fee_asc"
    return default


def _cheap(slots: Slots) -> bool:
    return slots.direction == "asc"


def filter_params(
    linking: Linking, slots: Slots, ctx: Context, limit: int = 20, sort: str | None = None
) -> dict[str, Any]:
    c = slots.conditions
    brands = linking.ids("brand")
    return {
        "as_of": ctx.as_of,
        "issuers": linking.ids("issuer") or None,
        "brands": brands or None,
        "indexes": linking.ids("index") or None,
        "tags": linking.ids("tag") or None,
        "tickers": None,
        "leveraged": True if "leveraged" in c and "inverse" not in c else None,
        "inverse": True if "inverse" in c else (False if "leveraged" in c else None),
        "active": True if "active" in c else (False if "passive" in c else None),
        "replication": "합성" if "synthetic" in c else ("실물" if "physical" in c else None),
        "market": "해외" if "foreign" in c else ("국내" if "domestic" in c else None),
        "asset_class": "채권"
        if "bond" in c
        else ("원자재" if "commodity" in c else ("주식" if "equity" in c else None)),
        "fee_max": slots.fee_max,
        "fee_min": slots.fee_min,
        "aum_min": slots.amount_min if slots.amount_metric == "aum" else None,
        "aum_max": slots.amount_max if slots.amount_metric == "aum" else None,
        "traded_min": slots.amount_min if slots.amount_metric == "volume" else None,
        "listed_after": slots.listed_after,
        "listed_before": slots.listed_before,
        "sort": sort or sort_key(slots),
        "limit": limit,
    }


# -- intents ----------------------------------------------------------------------------------------------------


def _attribute(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    if etfs and stocks:
        plan = Plan("etf_stock_weight", [])
        plan.add(_weights(stocks[0], etfs, ctx, "weight of the stock in the ETF (marts.fct_etf_holdings)"))
        return plan
    if etfs:
        plan = Plan("etf_attribute", [])
        plan.add(_profile(etfs, ctx))
        if slots.wants("holdings"):
            plan.add(
                Step(
                    "sql",
                    "top holdings",
                    "ask_etf_top_holdings",
                    {"tickers": etfs, "as_of": ctx.as_of, "limit": slots.top_n or TOP_DEFAULT},
                    "top_holdings",
                )
            )
        return plan
    if stocks:
        plan = Plan("stock_attribute", [])
        plan.add(
            Step(
                "sql",
                "instrument facts (marts.dim_stock)",
                "ask_stock_profile",
                {"codes": stocks, "as_of": ctx.as_of},
                "stock_profile",
            )
        )
        return plan
    return _filter(linking, slots, ctx)


def _filter(linking: Linking, slots: Slots, ctx: Context) -> Plan:
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


def _relation(linking: Linking, slots: Slots, ctx: Context) -> Plan:
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
        first = plan.add(_holders(stocks[0], ctx, limit=limit))
        if plan.steps[0].channel == "cypher":
            plan.add(_weights(stocks[0], Bind(first, "ticker"), ctx, "weights from the marts (SQL numbers win)"))
        plan.add(
            Step(
                "sql",
                "how many ETFs hold it",
                "ask_stock_holder_counts",
                {"codes": stocks[:1], "as_of": ctx.as_of},
                "holder_count",
            )
        )
        return plan
    if etfs:
        low = linking.cue_text.lower()
        if any(w in low for w in ("비슷", "유사", "닮은", "similar", "대체", "겹치", "overlap")):
            plan = Plan("similar", [])
            if ctx.graph_ok:
                first = plan.add(
                    Step(
                        "cypher",
                        "similar ETFs (graph: ETF-[:SIMILAR_TO]->ETF)",
                        "ask_similar_etfs",
                        {"ticker": etfs[0]},
                        "similar",
                        columns=["ticker", "name", "overlap", "rank"],
                        limit=limit,
                    )
                )
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
                plan.add(
                    Step(
                        "sql",
                        "similar ETFs (marts.mart_etf_overlap)",
                        "ask_similar_etfs",
                        {"ticker": etfs[0], "tickers": None, "limit": limit},
                        "similar_sql",
                    )
                )
            return plan
        if slots.wants("sector") and not slots.wants("holdings"):
            plan = Plan("etf_sectors", [])
            if ctx.graph_ok:
                plan.add(
                    Step(
                        "cypher",
                        "sector mix (graph: ETF-[:HOLDS]->Stock-[:IN_SECTOR]->Sector)",
                        "ask_etf_sectors",
                        {"ticker": etfs[0]},
                        "sectors_graph",
                        columns=["sector", "weight", "holdings"],
                        limit=limit,
                    )
                )
            plan.add(
                Step(
                    "sql",
                    "sector mix by weight (marts)",
                    "ask_etf_sector_mix",
                    {"ticker": etfs[0], "as_of": ctx.as_of, "limit": limit},
                    "sectors",
                )
            )
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
        plan.add(
            Step(
                "sql",
                "top holdings with weights (marts.fct_etf_holdings)",
                "ask_etf_top_holdings",
                {"tickers": etfs[:1], "as_of": ctx.as_of, "limit": limit},
                "top_holdings",
            )
        )
        return plan
    members = _group_members(linking, ctx)
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
    return _filter(linking, slots, ctx)


def _multi_hop(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    low = linking.cue_text.lower()
    if len(stocks) >= 2:
        plan = Plan("holders_of_all", [])
        first = plan.add(_holders(stocks[0], ctx, limit=500))
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
        members = _group_members(linking, ctx)
        assert members is not None
        first = plan.add(members)
        plan.add(_weights(stocks[0], Bind(first, "ticker"), ctx, "weight of the stock in each of those ETFs"))
        return plan
    metric = _metric(slots)
    wants_filter = bool(slots.conditions or linking.ids("tag")) or (
        metric in ("fee", "aum", "volume", "return", "change") and slots.direction is not None
    )
    if stocks and wants_filter and not _by_weight(linking):
        plan = Plan("holders_then_filter", [])
        first = plan.add(_holders(stocks[0], ctx, limit=500))
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
        plan.add(_weights(stocks[0], Bind(second, "ticker"), ctx, "weights of the stock in them (SQL numbers win)"))
        plan.focus["sort"] = params["sort"]
        return plan
    if stocks:
        plan = Plan("holders_then_facts", [])
        first = plan.add(_holders(stocks[0], ctx, limit=50))
        plan.add(_profile(Bind(first, "ticker"), ctx, "facts of the holding ETFs (fee, size, issuer)"))
        plan.add(_weights(stocks[0], Bind(first, "ticker"), ctx, "weights from the marts (SQL numbers win)"))
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
        first = plan.add(
            Step(
                "sql",
                "the ETF's largest holding",
                "ask_etf_top_holdings",
                {"tickers": etfs[:1], "as_of": ctx.as_of, "limit": 1},
                "top_holdings",
            )
        )
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
        first = plan.add(
            Step(
                "sql",
                "top holdings of the ETF",
                "ask_etf_top_holdings",
                {"tickers": etfs[:1], "as_of": ctx.as_of, "limit": slots.top_n or TOP_DEFAULT},
                "top_holdings",
            )
        )
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
        if ctx.graph_ok:
            first = plan.add(
                Step(
                    "cypher",
                    "similar ETFs (graph: ETF-[:SIMILAR_TO]->ETF)",
                    "ask_similar_etfs",
                    {"ticker": etfs[0]},
                    "similar",
                    columns=["ticker", "name", "overlap", "rank"],
                    limit=10,
                )
            )
        else:
            first = plan.add(
                Step(
                    "sql",
                    "similar ETFs (marts.mart_etf_overlap)",
                    "ask_similar_etfs",
                    {"ticker": etfs[0], "tickers": None, "limit": 10},
                    "similar_sql",
                )
            )
        plan.add(_profile(Bind(first, "ticker"), ctx, "facts of the similar ETFs"))
        plan.focus["pick"] = _metric(slots) or "overlap"
        return plan
    members = _group_members(linking, ctx)
    if members is not None:
        plan = Plan("group_then_facts", [])
        first = plan.add(members)
        plan.add(_profile(Bind(first, "ticker"), ctx, "facts of those ETFs"))
        plan.focus["pick"] = _metric(slots) or "aum"
        return plan
    return _filter(linking, slots, ctx)


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


def _comparison(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    issuers = linking.ids("issuer") + [b for b in linking.ids("brand")]
    if len(etfs) >= 2:
        plan = Plan("compare_etfs", [])
        first = plan.add(_profile(etfs[:5], ctx, "facts of each ETF"))
        if stocks:
            plan.add(_weights(stocks[0], Bind(first, "ticker"), ctx, "weight of the stock in each ETF"))
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
        plan.add(
            Step(
                "sql",
                "ETFs holding each stock",
                "ask_stock_holder_counts",
                {"codes": stocks[:5], "as_of": ctx.as_of},
                "holder_count",
            )
        )
        plan.add(
            Step(
                "sql",
                "facts of each stock",
                "ask_stock_profile",
                {"codes": stocks[:5], "as_of": ctx.as_of},
                "stock_profile",
            )
        )
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
    return _attribute(linking, slots, ctx)


def _aggregation(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    low = linking.cue_text.lower()
    stocks, etfs = linking.ids("stock"), linking.ids("etf")
    if etfs:
        return _etf_aggregation(etfs[0], linking, slots, ctx)
    if stocks:
        plan = Plan("stock_holder_count", [])
        plan.add(
            Step(
                "sql",
                "number of ETFs holding the stock",
                "ask_stock_holder_counts",
                {"codes": stocks, "as_of": ctx.as_of},
                "holder_count",
            )
        )
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
        if ctx.graph_ok:
            plan.add(
                Step(
                    "cypher",
                    "sector weights (graph: ETF-[:HOLDS]->Stock-[:IN_SECTOR]->Sector)",
                    "ask_etf_sectors",
                    {"ticker": ticker},
                    "sectors_graph",
                    columns=["sector", "weight", "holdings"],
                    limit=50,
                )
            )
        plan.add(
            Step(
                "sql",
                "weights summed by sector (marts)",
                "ask_etf_sector_mix",
                {"ticker": ticker, "as_of": ctx.as_of, "limit": 50},
                "sectors",
            )
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


def _open(linking: Linking, slots: Slots, ctx: Context) -> Plan:
    etfs, stocks = linking.ids("etf"), linking.ids("stock")
    if etfs:
        plan = Plan("risk_profile", [])
        plan.add(_profile(etfs[:1], ctx, "fee, leverage/inverse, market, asset class"))
        plan.add(
            Step(
                "sql",
                "concentration and exposure of the holdings",
                "ask_etf_risk",
                {"ticker": etfs[0], "as_of": ctx.as_of},
                "risk",
            )
        )
        if ctx.graph_ok:
            plan.add(
                Step(
                    "cypher",
                    "sector mix (graph: ETF-[:HOLDS]->Stock-[:IN_SECTOR]->Sector)",
                    "ask_etf_sectors",
                    {"ticker": etfs[0]},
                    "sectors_graph",
                    columns=["sector", "weight", "holdings"],
                    limit=5,
                )
            )
        plan.add(
            Step(
                "sql",
                "sector mix by weight (marts)",
                "ask_etf_sector_mix",
                {"ticker": etfs[0], "as_of": ctx.as_of, "limit": 5},
                "sectors",
            )
        )
        return plan
    if stocks:
        plan = Plan("stock_overview", [])
        plan.add(
            Step(
                "sql",
                "instrument facts",
                "ask_stock_profile",
                {"codes": stocks[:1], "as_of": ctx.as_of},
                "stock_profile",
            )
        )
        plan.add(_holders(stocks[0], ctx, limit=5))
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


def _negative(linking: Linking, slots: Slots, ctx: Context) -> Plan:
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

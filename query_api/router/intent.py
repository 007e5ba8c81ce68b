"""Intent classification: transparent rules over entities and cue words, combined with the nearest few-shot
examples of the masked question (by embedding) when the embeddings endpoint answers. Never fails: without the
endpoint the rules decide alone.

Conventions (shared with seeds/fewshot): counting, sums, averages and per-group breakdowns are AGGREGATION;
"ETFs holding X" and an ETF's holdings, similar ETFs, index/issuer members are RELATION; a relation followed by
a second question about its result (fees of the holders, sectors of the top holdings, the largest holding's other
holders) is MULTI_HOP; two named things side by side are COMPARISON; lists by conditions are FILTER; judgement
and recommendation questions are OPEN; what the data does not hold (crypto, foreign ETFs and stocks, stock prices,
forecasts) is NEGATIVE.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from query_api.router.entities import Linking
from query_api.router.lexicon import AVG_RE, COUNT_RE, CUE_RES, GROUP_RE, MOST_HELD_RE, RANK_RE, STOCK_PRICE_RE, SUM_RE
from query_api.router.slots import Slots

INTENTS = ("ATTRIBUTE", "FILTER", "RELATION", "MULTI_HOP", "COMPARISON", "AGGREGATION", "OPEN", "NEGATIVE")
ETF_LEVEL = ("fee", "aum", "issuer", "volume", "price", "index", "listing_date", "return", "change", "nav")
SIMILAR_WORDS = ("비슷", "유사", "닮은", "similar", "대체", "like ")


@dataclass(frozen=True)
class Neighbour:
    id: str
    intent: str
    distance: float
    question: str = ""
    queries: list[dict[str, object]] | None = None


@dataclass
class IntentDecision:
    intent: str
    confidence: float
    rule: str  # which rule fired
    rule_intent: str
    neighbours: list[Neighbour] = field(default_factory=list)


@dataclass(frozen=True)
class Features:
    etfs: int
    stocks: int
    issuers: int
    indexes: int
    tags: int
    sectors: int
    counting: bool
    summing: bool
    averaging: bool
    grouping: bool
    ranking: bool
    most_held: bool
    similar: bool

    @property
    def groups(self) -> int:
        return self.issuers + self.indexes + self.tags + self.sectors

    @property
    def measuring(self) -> bool:
        return self.counting or self.summing or self.averaging or self.grouping


def features(linking: Linking, slots: Slots) -> Features:
    low = linking.cue_text.lower()
    return Features(
        etfs=len(linking.ids("etf")),
        stocks=len(linking.ids("stock")),
        issuers=len(linking.ids("issuer")) + len(linking.ids("brand")),
        indexes=len(linking.ids("index")),
        tags=len(linking.ids("tag")),
        sectors=len(linking.ids("sector")),
        counting=bool(COUNT_RE.search(low)),
        summing=bool(SUM_RE.search(low)),
        averaging=bool(AVG_RE.search(low)),
        grouping=bool(GROUP_RE.search(low)),
        ranking=bool(RANK_RE.search(low)),
        most_held=bool(MOST_HELD_RE.search(low)),
        similar=any(w in low for w in SIMILAR_WORDS),
    )


def rule_intent(linking: Linking, slots: Slots, near_miss: bool) -> tuple[str, float, str]:
    """(intent, confidence, rule name) from the linked entities and the cues of the masked question."""
    f = features(linking, slots)
    cues, attrs = slots.cues, slots.attributes
    low = linking.cue_text.lower()
    etf_attrs = [a for a in attrs if a in ETF_LEVEL]

    # -- not in the data ---------------------------------------------------------------------------------------
    if "negative_topic" in cues or CUE_RES["negative_topic"].search(linking.lower or ""):
        return "NEGATIVE", 0.9, "out-of-scope topic"
    if (linking.foreign_tickers or linking.unknown_codes) and not (f.etfs or f.stocks):
        return "NEGATIVE", 0.9, "unknown ticker"
    if (
        f.stocks
        and not f.etfs
        and STOCK_PRICE_RE.search(low)
        and not ("relation" in cues or "etf" in low or f.measuring or "multi_hop" in cues)
    ):
        return "NEGATIVE", 0.85, "stock prices are not in the data"
    if near_miss and not (f.etfs or f.stocks or f.groups):
        return "NEGATIVE", 0.75, "unknown name"
    if linking.unknown_names and not (f.etfs or f.stocks):
        return "NEGATIVE", 0.8, "an ETF name that is not in the data"

    # -- judgement --------------------------------------------------------------------------------------------
    if "open" in cues and f.etfs <= 1 and not ("compare" in cues and f.etfs + f.stocks + f.issuers >= 2):
        return "OPEN", 0.85, "judgement or recommendation"

    # -- side by side ------------------------------------------------------------------------------------------
    if f.etfs >= 2 and "multi_hop" not in cues:
        return "COMPARISON", 0.9, "two ETFs"
    if f.stocks >= 2 and ("compare" in cues or "vs" in low) and not f.etfs:
        return "COMPARISON", 0.85, "two stocks compared"
    if f.issuers >= 2 and not (f.etfs or f.stocks):
        return "COMPARISON", 0.85, "two issuers"

    # -- ETF-level questions ------------------------------------------------------------------------------------
    if f.etfs == 1:
        if "top_holding" in cues and ("relation" in cues or "다른" in low or "other" in low):
            return "MULTI_HOP", 0.8, "largest holding, then its other holders"
        if slots.wants("sector") and (slots.wants("holdings") or slots.top_n or "종목" in low) and not f.grouping:
            return "MULTI_HOP", 0.8, "sectors of the top holdings"
        if f.similar and (etf_attrs or "multi_hop" in cues):
            return "MULTI_HOP", 0.8, "attributes of similar ETFs"
        if f.measuring and (slots.wants("holdings_count", "holdings", "sector", "weight") or f.counting):
            return "AGGREGATION", 0.8, "count or sum over an ETF's holdings"
        if f.similar:
            return "RELATION", 0.85, "similar ETFs"
        if f.stocks and slots.wants("weight"):
            return "ATTRIBUTE", 0.8, "weight of a stock in an ETF"
        if slots.wants("holdings") or (slots.top_n and "종목" in low) or "hold" in low:
            return "RELATION", 0.8, "holdings of an ETF"
        if slots.wants("sector"):
            return "AGGREGATION", 0.7, "sector mix of an ETF"
        return "ATTRIBUTE", 0.9 if attrs else 0.65, "attribute of an ETF"

    # -- stock-level questions ----------------------------------------------------------------------------------
    if f.stocks:
        if "same_sector" in cues:
            return "RELATION", 0.85, "stocks of the same sector"
        if f.stocks >= 2:
            return "MULTI_HOP", 0.8, "ETFs holding several stocks"
        if f.counting or f.summing or f.averaging:
            return "AGGREGATION", 0.85, "count or sum over the holders"
        only_price = set(etf_attrs) <= {"price"} and not f.groups and not slots.conditions
        if (f.groups or etf_attrs or slots.conditions or "multi_hop" in cues) and not (
            only_price and "multi_hop" not in cues
        ):
            return "MULTI_HOP", 0.8, "holders, then their facts"
        if "relation" in cues or "etf" in low or slots.wants("weight") or "open" in cues:
            return "RELATION", 0.85, "ETFs holding a stock"
        if attrs:
            return "ATTRIBUTE", 0.8, "attribute of a stock"
        return "RELATION", 0.6, "stock mentioned"

    # -- everything else: groups, conditions, totals -------------------------------------------------------------
    if f.most_held or f.measuring:
        return "AGGREGATION", 0.85, "count / sum / average / breakdown"
    if f.indexes:
        if etf_attrs and (slots.direction or "multi_hop" in cues):
            return "MULTI_HOP", 0.8, "index members, then their facts"
        return "RELATION", 0.8, "ETFs tracking an index"
    if (
        f.issuers
        and ("relation" in cues or "전부" in low or "all" in low)
        and not (slots.conditions or slots.direction or f.tags)
    ):
        return "RELATION", 0.75, "ETFs of an issuer"
    if f.groups or slots.conditions or slots.fee_max is not None or slots.fee_min is not None:
        return "FILTER", 0.8, "ETFs by group and condition"
    if slots.amount_min is not None or slots.amount_max is not None or slots.listed_after or slots.listed_before:
        return "FILTER", 0.8, "ETFs by threshold"
    if f.ranking or ("filter" in cues and (slots.direction or attrs)):
        return "FILTER", 0.65, "ETFs sorted"
    if not linking.mentions:
        return "NEGATIVE", 0.55, "nothing in the data matches"
    return "FILTER", 0.5, "default"


def combine(rule: tuple[str, float, str], neighbours: list[Neighbour]) -> IntentDecision:
    """Rules and nearest examples vote; close examples that agree raise the confidence, strong disagreement wins
    only when the examples are near and unanimous and the rules were unsure."""
    intent, confidence, name = rule
    if not neighbours:
        return IntentDecision(intent, confidence, name, intent)
    weights: Counter[str] = Counter()
    for nb in neighbours:
        weights[nb.intent] += max(0.0, 1.0 - nb.distance)
    total = sum(weights.values()) or 1.0
    knn_intent, knn_weight = weights.most_common(1)[0]
    knn_share = knn_weight / total
    nearest = neighbours[0]
    if knn_intent == intent:
        confidence = min(0.99, confidence + 0.5 * (1 - confidence) * knn_share + 0.05)
        return IntentDecision(intent, round(confidence, 3), name + " + examples", intent, neighbours)
    if confidence < 0.7 and knn_share >= 0.8 and nearest.distance < 0.12 and intent != "NEGATIVE":
        return IntentDecision(knn_intent, round(0.6 * knn_share, 3), "nearest examples", intent, neighbours)
    share_rule = weights.get(intent, 0.0) / total
    confidence = max(0.3, confidence * (0.6 + 0.4 * share_rule))
    return IntentDecision(intent, round(confidence, 3), name + " (examples disagree)", intent, neighbours)

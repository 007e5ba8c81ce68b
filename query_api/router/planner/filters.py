"""The parameters of ask_filter_etfs from the question's conditions, and the order a list is sorted in."""

from __future__ import annotations

from typing import Any

from query_api.router.entities import Linking
from query_api.router.planner.model import Context
from query_api.router.slots import Slots


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

"""What was collected on each pending date: the raw loads' recorded rows, counted in the database only when unknown.

Each raw daily partition records its rows (and, for holdings, the ETFs that answered) when it is loaded, in the
transaction that replaced the date; the planner already trusts those figures ("rows as recorded"). Counting 3.4
million holding rows again took most of the notification's time, so the database is asked only for dates the
instance has no figures for (loaded before this instance, or by an older version of the asset).
"""

from __future__ import annotations

from datetime import date

import dagster as dg
import psycopg

from orchestration.lib.events import PendingDate, counts_for
from orchestration.lib.versions import Recorded, latest_by_partition

PRICES = dg.AssetKey(["raw", "krx_etf_prices"])
HOLDINGS = dg.AssetKey(["raw", "krx_etf_holdings"])


def _from_records(pending: PendingDate, prices: Recorded | None, holdings: Recorded | None) -> dict[str, int] | None:
    if pending.has_prices and (prices is None or "rows" not in prices.metadata):
        return None
    if pending.has_holdings and (holdings is None or not {"rows", "etfs"} <= holdings.metadata.keys()):
        return None
    return {
        "prices": int(prices.metadata["rows"]) if pending.has_prices and prices else 0,
        "holdings": int(holdings.metadata["rows"]) if pending.has_holdings and holdings else 0,
        "holding_etfs": int(holdings.metadata["etfs"]) if pending.has_holdings and holdings else 0,
    }


def collected_counts(
    instance: dg.DagsterInstance, conn: psycopg.Connection, pending: list[PendingDate]
) -> dict[date, dict[str, int]]:
    """Rows per pending date, in date order: recorded figures where the instance has them, else one grouped query."""
    if not pending:
        return {}
    prices, holdings = latest_by_partition(instance, PRICES), latest_by_partition(instance, HOLDINGS)
    counts: dict[date, dict[str, int]] = {}
    unknown: list[date] = []
    for item in pending:
        key = item.trade_date.isoformat()
        recorded = _from_records(item, prices.get(key), holdings.get(key))
        if recorded is None:
            unknown.append(item.trade_date)
        else:
            counts[item.trade_date] = recorded
    counts.update(counts_for(conn, unknown))
    return dict(sorted(counts.items()))

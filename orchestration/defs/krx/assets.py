"""Raw KRX assets: masters (unpartitioned) and daily prices/holdings (one transaction per trade date)."""

import time
from collections.abc import Callable
from datetime import date

import dagster as dg

from orchestration.defs.krx.partitions import trade_date_partitions
from orchestration.lib import raw_load
from orchestration.lib.krx import KrxClient
from orchestration.lib.metadata import preview_table
from orchestration.lib.windows import dates_to_load, days_in_window
from orchestration.resources import AtlasDatabase, KrxSource

RAW = "raw"
# Datasets only a replay/record directory has (KOFIA publishes no API that KRX_SOURCE=live could call).
REPLAY_ONLY = frozenset({"kofia_fees"})


def _snapshot_result(results: list[raw_load.LoadResult]) -> dg.MaterializeResult:
    latest = results[-1] if results else None
    return dg.MaterializeResult(
        metadata={
            "rows": sum(r.rows for r in results),
            "snapshots": ", ".join(r.partition_date.isoformat() for r in results) or "none",
            "source": latest.source if latest else "n/a",
            "duration_s": round(sum(r.duration_s for r in results), 3),
            "preview": preview_table(latest.preview if latest else []),
        }
    )


def _snapshot_asset(table: str, dataset: str, description: str) -> dg.AssetsDefinition:
    """A master/list dataset: every snapshot date the source has, each replaced in its own transaction."""

    @dg.asset(key=[RAW, table], group_name=RAW, kinds={"postgres"}, description=description)
    def _asset(context: dg.AssetExecutionContext, database: AtlasDatabase, krx: KrxSource) -> dg.MaterializeResult:
        with database.connect(autocommit=True) as conn, krx.client() as client:
            if dataset in REPLAY_ONLY and client.kind == "live":
                # An optional enrichment with no live endpoint: keep what was loaded before, say so.
                context.log.warning(f"{dataset} has no live source; raw.{table} keeps its previous snapshots")
                return dg.MaterializeResult(metadata={"rows": 0, "skipped": "no live source", "source": "live"})
            return _snapshot_result(raw_load.load_snapshots(conn, client, dataset))

    return _asset


krx_etf_master = _snapshot_asset("krx_etf_master", "etf_master", "KRX MDCSTAT04601 ETF master snapshots.")
krx_stock_master = _snapshot_asset("krx_stock_master", "stock_master", "KRX MDCSTAT01901 stock master (all markets).")
kind_companies = _snapshot_asset("kind_companies", "kind_companies", "KIND listed companies (industries).")
kofia_fees = _snapshot_asset("kofia_fees", "kofia_fees", "KOFIA fund fees and TER.")


def _daily_result(
    dataset: str, results: list[raw_load.LoadResult], source: str, started: float
) -> dg.MaterializeResult:
    traded = [r for r in results if r.trading_day]
    per_date = [{"date": r.trade_date.isoformat(), "rows": r.rows, "trading_day": r.trading_day} for r in results]
    return dg.MaterializeResult(
        metadata={
            "dataset": dataset,
            "rows": sum(r.rows for r in results),
            "trade_dates": len(traded),
            "no_trading_dates": len(results) - len(traded),
            "first_date": per_date[0]["date"] if per_date else "none",
            "last_date": per_date[-1]["date"] if per_date else "none",
            "source": source,
            "duration_s": round(time.monotonic() - started, 3),
            "rows_per_date": preview_table(per_date, limit=20),
            "preview": preview_table(traded[-1].preview if traded else []),
        }
    )


def _window_dates(context: dg.AssetExecutionContext, client: KrxClient, dataset: str) -> list[date]:
    """Days of the partition window the source has (replay: its files; live: the weekdays of the window)."""
    window = context.partition_time_window
    days = days_in_window(window.start, window.end)
    return dates_to_load(days, client.available_dates(dataset, days[0], days[-1])) if days else []


def _daily_asset(table: str, dataset: str, loader: Callable, deps: list[str], description: str) -> dg.AssetsDefinition:
    """A daily dataset: every trade date of the partition window the source has, each in its own transaction."""

    @dg.asset(
        key=[RAW, table],
        deps=[dg.AssetKey([RAW, dep]) for dep in deps],
        partitions_def=trade_date_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        group_name=RAW,
        kinds={"postgres"},
        description=description,
    )
    def _asset(context: dg.AssetExecutionContext, database: AtlasDatabase, krx: KrxSource) -> dg.MaterializeResult:
        started, client = time.monotonic(), krx.client()
        results = []
        with database.connect(autocommit=True) as conn, client:
            for day in _window_dates(context, client, dataset):
                results.append(loader(conn, client, day))
                context.log.info(f"{dataset} {day}: {results[-1].rows} rows")
        return _daily_result(dataset, results, client.kind, started)

    return _asset


krx_etf_prices = _daily_asset(
    "krx_etf_prices",
    "etf_prices",
    raw_load.load_etf_prices,
    deps=[],
    description="KRX MDCSTAT04301 daily ETF quotes; each trade date replaced in its own transaction.",
)
# Holdings are asked per ETF ISIN: the universe comes from the masters and that day's quotes.
krx_etf_holdings = _daily_asset(
    "krx_etf_holdings",
    "etf_holdings",
    raw_load.load_etf_holdings,
    deps=["krx_etf_master", "krx_etf_prices"],
    description="KRX MDCSTAT05001 ETF holdings (PDF) per ETF ISIN; each trade date replaced in its own transaction.",
)

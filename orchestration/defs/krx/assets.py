"""Raw KRX assets: masters (unpartitioned) and daily prices/holdings (one transaction per trade date)."""

import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import dagster as dg

from orchestration.defs.krx.partitions import trade_date_partitions
from orchestration.lib import progress, raw_load
from orchestration.lib.metadata import preview_table
from orchestration.lib.versions import combine, daily_versions, snapshot_version
from orchestration.lib.windows import key_dates
from orchestration.resources import AtlasDatabase, KrxSource

RAW = "raw"
# Datasets only a replay/record directory has (KOFIA publishes no API that KRX_SOURCE=live could call).
REPLAY_ONLY = frozenset({"kofia_fees"})
# KRX publishes the day's quotes and PDFs after the close; the 18:30 collection should land by 20:00 KST.
DAILY_FRESHNESS = dg.FreshnessPolicy.cron(
    deadline_cron="0 20 * * 1-5", lower_bound_delta=timedelta(hours=2), timezone="Asia/Seoul"
)


def _snapshot_result(results: list[raw_load.LoadResult], version: str | None) -> dg.MaterializeResult:
    latest = results[-1] if results else None
    return dg.MaterializeResult(
        data_version=dg.DataVersion(version) if version else None,
        metadata={
            "source_sha256": version or "live",
            "rows": sum(r.rows for r in results),
            "snapshots": ", ".join(r.partition_date.isoformat() for r in results) or "none",
            "source": latest.source if latest else "n/a",
            "duration_s": round(sum(r.duration_s for r in results), 3),
            "preview": preview_table(latest.preview if latest else []),
        },
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
            return _snapshot_result(raw_load.load_snapshots(conn, client, dataset), snapshot_version(client, dataset))

    return _asset


krx_etf_master = _snapshot_asset("krx_etf_master", "etf_master", "KRX MDCSTAT04601 ETF master snapshots.")
krx_stock_master = _snapshot_asset("krx_stock_master", "stock_master", "KRX MDCSTAT01901 stock master (all markets).")
kind_companies = _snapshot_asset("kind_companies", "kind_companies", "KIND listed companies (industries).")
kofia_fees = _snapshot_asset("kofia_fees", "kofia_fees", "KOFIA fund fees and TER.")


def _daily_result(
    dataset: str, results: list[raw_load.LoadResult], source: str, started: float, versions: dict[date, str]
) -> dg.MaterializeResult:
    traded = [r for r in results if r.trading_day]
    per_date = [{"date": r.trade_date.isoformat(), "rows": r.rows, "trading_day": r.trading_day} for r in results]
    version = combine(versions.get(r.trade_date, f"{r.trade_date}:{r.rows}") for r in traded)
    return dg.MaterializeResult(
        data_version=dg.DataVersion(version),
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
        },
    )


def _daily_asset(table: str, dataset: str, loader: Callable, deps: list[str], description: str) -> dg.AssetsDefinition:
    """A daily dataset: every trade date of the run's partitions, each in its own transaction.

    Each partition records the SHA-256 of its source responses (`source_sha256`, the planner's no-op test) and
    its row count. A date the source answers as a day without trading is recorded as an observation
    (`trading_day: false`); when no date of the run traded, nothing is materialized and downstream steps skip.
    """
    key = dg.AssetKey([RAW, table])

    @dg.asset(
        key=key,
        deps=[dg.AssetKey([RAW, dep]) for dep in deps],
        partitions_def=trade_date_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        freshness_policy=DAILY_FRESHNESS,
        output_required=False,
        group_name=RAW,
        kinds={"postgres"},
        description=description,
    )
    def _asset(
        context: dg.AssetExecutionContext, database: AtlasDatabase, krx: KrxSource
    ) -> Iterator[dg.MaterializeResult | dg.AssetObservation]:
        started, client = time.monotonic(), krx.client()
        days = key_dates(context.partition_keys)
        results: list[raw_load.LoadResult] = []
        with database.connect(autocommit=True) as conn, client:
            versions = daily_versions(client, dataset, days)
            for day in days:
                results.append(loader(conn, client, day))
                context.log.info(f"{dataset} {day}: {results[-1].rows} rows")
                progress.report(key.to_user_string(), day, results[-1].rows)
        for result in results:
            partition = result.trade_date.isoformat()
            if not result.trading_day:
                context.log.info(f"{dataset} {partition}: KRX answered as a day without trading")
                yield dg.AssetObservation(
                    asset_key=key, partition=partition, metadata={"trading_day": False, "source": client.kind}
                )
                continue
            recorded = {"rows": result.rows, "source_sha256": versions.get(result.trade_date, "live")}
            if dataset == "etf_holdings":
                recorded["etfs"] = result.answered  # ETFs with holdings (the notification's counts)
            context.add_asset_metadata(recorded, asset_key=key, partition_key=partition)
        if any(r.trading_day for r in results):
            yield _daily_result(dataset, results, client.kind, started, versions)

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

# The dataset behind each raw asset (the planner hashes its source files).
SNAPSHOT_DATASETS = {
    krx_etf_master: "etf_master",
    krx_stock_master: "stock_master",
    kind_companies: "kind_companies",
    kofia_fees: "kofia_fees",
}
DAILY_DATASETS = {krx_etf_prices: "etf_prices", krx_etf_holdings: "etf_holdings"}

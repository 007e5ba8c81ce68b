"""The last asset of the lineage: announce each newly completed trade date exactly once (NOTIFY + webhook).

Not partitioned: one materialization announces every collected date that has no announcement yet
(events.collection_runs keeps the once-per-date guarantee), so announcing a year of dates is one asset execution,
not one Dagster partition event per date. The counts are the raw loads' recorded rows (defs/notify/counts.py).

Refused (the run fails, nothing is announced) while a blocking check of the graph or of the marts it is built
from failed its latest evaluation; the failed checks are in the failure's metadata.
"""

import dagster as dg

from atlas.config import Settings
from orchestration.defs.graph.assets import GRAPH_SOURCE_MARTS
from orchestration.defs.notify.counts import collected_counts
from orchestration.defs.notify.guard import failed_checks, guarded_check_keys
from orchestration.lib import progress
from orchestration.lib.events import deliver_webhooks, pending_collections, record_date
from orchestration.lib.trade_calendar import FIRST_TRADE_DATE, today_kst
from orchestration.resources import AtlasDatabase

DAILY_MARTS = ("fct_etf_holdings", "fct_etf_prices", "fct_holding_changes")
GUARDED = (
    dg.AssetKey("etf_graph"),
    *(dg.AssetKey(["marts", name]) for name in sorted({*GRAPH_SOURCE_MARTS, *DAILY_MARTS})),
)


@dg.asset(
    key="collection_notification",
    deps=[
        dg.AssetKey("etf_graph"),
        dg.AssetKey("fewshot_embeddings"),
        *(dg.AssetKey(["marts", m]) for m in DAILY_MARTS),
    ],
    group_name="notify",
    kinds={"postgres"},
    description="events.collection_runs + NOTIFY new_collection once per trade date; holding changes as events.",
)
def collection_notification(context: dg.AssetExecutionContext, database: AtlasDatabase) -> dg.MaterializeResult:
    checks = guarded_check_keys(GUARDED)
    failed = failed_checks(context.instance, checks)
    if failed:
        raise dg.Failure(
            description=f"not announced: blocking checks failed: {', '.join(failed)}",
            metadata={"failed_checks": dg.MetadataValue.json(failed), "blocking_checks": len(checks)},
        )
    settings = Settings.from_env()
    announced, changes = [], 0
    with database.connect(autocommit=True) as conn:
        pending = collected_counts(context.instance, conn, pending_collections(conn, FIRST_TRADE_DATE, today_kst()))
        for day, counts in pending.items():
            if not any(counts.values()):
                continue
            events = record_date(
                conn,
                day,
                context.run.run_id,
                settings.change_threshold_pct,
                counts=counts,
                webhook_url=settings.webhook_url,
            )
            changes += events.changes
            if events.notified:
                announced.append(day.isoformat())
            progress.report("collection_notification", day, counts["prices"] + counts["holdings"])
        # The webhook outbox (this run's rows and earlier undelivered ones): a failure stays queued, the run goes on.
        report = deliver_webhooks(conn)
        if report.retrying or report.failed:
            context.log.warning(f"webhooks: {len(report.retrying)} to retry later, {len(report.failed)} given up")
    return dg.MaterializeResult(
        metadata={
            "newly_announced": len(announced),
            "pending_dates": len(pending),
            "holding_change_events": changes,
            "blocking_checks": len(checks),
            "failed_checks": dg.MetadataValue.json(failed),
            "dates": dg.MetadataValue.text(", ".join(announced[:50]) or "none"),
        }
    )

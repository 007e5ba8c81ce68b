"""The last asset of the lineage: announce each newly completed trade date exactly once (NOTIFY + webhook).

Refused (the run fails, nothing is announced) while a blocking check of the graph or of the marts it is built
from failed its latest evaluation; the failed checks are in the failure's metadata.
"""

import dagster as dg

from atlas.config import Settings
from orchestration.defs.graph.assets import GRAPH_SOURCE_MARTS
from orchestration.defs.krx.partitions import trade_date_partitions
from orchestration.defs.notify.guard import failed_checks, guarded_check_keys
from orchestration.lib.events import deliver_webhooks, record_date, unannounced_counts
from orchestration.lib.windows import key_dates
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
    partitions_def=trade_date_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
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
    days = key_dates(context.partition_keys)
    announced, changes = [], 0
    with database.connect(autocommit=True) as conn:
        pending = unannounced_counts(conn, days[0], days[-1]) if days else {}
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
        # The webhook outbox (this run's rows and earlier undelivered ones): a failure stays queued, the run goes on.
        report = deliver_webhooks(conn)
        if report.retrying or report.failed:
            context.log.warning(f"webhooks: {len(report.retrying)} to retry later, {len(report.failed)} given up")
    return dg.MaterializeResult(
        metadata={
            "newly_announced": len(announced),
            "already_announced_or_empty": len(days) - len(announced),
            "holding_change_events": changes,
            "blocking_checks": len(checks),
            "failed_checks": dg.MetadataValue.json(failed),
            "dates": dg.MetadataValue.text(", ".join(announced[:50]) or "none"),
        }
    )

"""The last asset of the lineage: announce each newly completed trade date exactly once (NOTIFY + webhook)."""

import dagster as dg

from atlas.config import Settings
from orchestration.defs.krx.partitions import trade_date_partitions
from orchestration.lib.events import collected_dates, collection_message, record_date, send_webhook
from orchestration.lib.windows import days_in_window
from orchestration.resources import AtlasDatabase


@dg.asset(
    key="collection_notification",
    deps=[
        dg.AssetKey("etf_graph"),
        dg.AssetKey("fewshot_embeddings"),
        dg.AssetKey(["marts", "fct_etf_holdings"]),
        dg.AssetKey(["marts", "fct_etf_prices"]),
        dg.AssetKey(["marts", "fct_holding_changes"]),
    ],
    partitions_def=trade_date_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="notify",
    kinds={"postgres"},
    description="events.collection_runs + NOTIFY new_collection once per trade date; holding changes as events.",
)
def collection_notification(context: dg.AssetExecutionContext, database: AtlasDatabase) -> dg.MaterializeResult:
    settings = Settings.from_env()
    window = context.partition_time_window
    announced, changes, skipped = [], 0, 0
    with database.connect(autocommit=True) as conn:
        days = days_in_window(window.start, window.end)
        for day in collected_dates(conn, days[0], days[-1]) if days else []:
            events = record_date(conn, day, context.run.run_id, settings.change_threshold_pct)
            changes += events.changes
            if events.notified:
                announced.append(day.isoformat())
                if settings.webhook_url and not send_webhook(settings.webhook_url, collection_message(events)):
                    context.log.warning(f"webhook for {day} failed after retries; the run goes on")
            elif any(events.counts.values()):
                skipped += 1
    return dg.MaterializeResult(
        metadata={
            "newly_announced": len(announced),
            "already_announced": skipped,
            "holding_change_events": changes,
            "dates": dg.MetadataValue.text(", ".join(announced[:50]) or "none"),
        }
    )

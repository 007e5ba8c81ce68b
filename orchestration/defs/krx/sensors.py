"""A failed run anywhere in the code location: one webhook message and one `pipeline_failed` SSE event per run."""

import dagster as dg

from atlas.config import Settings
from orchestration.lib.events import record_run_failure, send_webhook
from orchestration.resources import AtlasDatabase


@dg.run_failure_sensor(
    name="pipeline_failure_alert",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Webhook + events.stream/NOTIFY pipeline_failed for every failed run (once per run id).",
)
def pipeline_failure_alert(context: dg.RunFailureSensorContext, database: AtlasDatabase) -> None:
    run = context.dagster_run
    message = context.failure_event.message or "run failed"
    partition = run.tags.get("dagster/partition") or run.tags.get("dagster/asset_partition_range_start")
    with database.connect(autocommit=True) as conn:
        event_id = record_run_failure(conn, run.run_id, run.job_name, message, partition)
    if event_id is None:
        context.log.info(f"run {run.run_id} was already reported")
        return
    webhook = Settings.from_env().webhook_url
    if webhook:
        send_webhook(webhook, f"ETF Atlas: run {run.run_id} of {run.job_name} failed — {message[:500]}")

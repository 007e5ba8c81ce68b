"""A failed run anywhere in the code location: one `pipeline_failed` SSE event per run and, with a webhook
configured, one webhook delivery of it through the outbox (retried with backoff, one Idempotency-Key per event)."""

import dagster as dg

from atlas.config import Settings
from orchestration.lib.events import deliver_webhooks, enqueue_webhook, record_run_failure
from orchestration.resources import AtlasDatabase


def failure_message(run_id: str, job: str, message: str) -> str:
    return f"ETF Atlas: run {run_id} of {job} failed — {message[:500]}"


@dg.run_failure_sensor(
    name="pipeline_failure_alert",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="events.stream/NOTIFY pipeline_failed + a webhook outbox row for every failed run (once per run id).",
)
def pipeline_failure_alert(context: dg.RunFailureSensorContext, database: AtlasDatabase) -> None:
    run = context.dagster_run
    message = context.failure_event.message or "run failed"
    partition = run.tags.get("dagster/partition") or run.tags.get("dagster/asset_partition_range_start")
    webhook = Settings.from_env().webhook_url
    with database.connect(autocommit=True) as conn:
        # The event and its outbox row commit together: no alert without its delivery, no delivery of a lost event.
        with conn.transaction():
            event_id = record_run_failure(conn, run.run_id, run.job_name, message, partition)
            if event_id is not None and webhook:
                enqueue_webhook(conn, event_id, webhook, failure_message(run.run_id, run.job_name, message))
        if event_id is None:
            context.log.info(f"run {run.run_id} was already reported")
        # After commit: this alert and any delivery still due (of an earlier failure or collection) are attempted.
        report = deliver_webhooks(conn)
    if report.retrying or report.failed:
        context.log.warning(f"webhook deliveries to retry: {report.retrying}; given up: {report.failed}")

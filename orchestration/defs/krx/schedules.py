"""Weekday evenings in Seoul: collect the day's KRX data and run everything downstream."""

import dagster as dg

from orchestration.defs.krx.partitions import trade_date_partitions

daily_collection_job = dg.define_asset_job(
    name="daily_collection",
    selection=dg.AssetSelection.all(),
    partitions_def=trade_date_partitions,
    description="KRX raw data → dbt marts → graph → embeddings → notification, for one trade date.",
)


@dg.schedule(
    job=daily_collection_job,
    cron_schedule="30 18 * * 1-5",
    execution_timezone="Asia/Seoul",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def weekday_evening_collection(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    # KRX publishes the day's quotes and PDFs after the close; 18:30 KST leaves a margin.
    trade_date = context.scheduled_execution_time.strftime("%Y-%m-%d")
    return dg.RunRequest(run_key=trade_date, partition_key=trade_date)

"""Weekday evenings in Seoul: collect the day's KRX data and run everything downstream.

The schedule starts RUNNING only for a live source: on a replay (the bundled snapshot) there is nothing new to
collect, so it is STOPPED until someone turns it on. Days that are not KRX trade dates are skipped.
"""

from datetime import date

import dagster as dg

from atlas.config import Settings
from orchestration.defs.krx.partitions import trade_date_partitions
from orchestration.lib.trade_calendar import is_trade_date

daily_collection_job = dg.define_asset_job(
    name="daily_collection",
    selection=dg.AssetSelection.all(),
    partitions_def=trade_date_partitions,
    description="KRX raw data → dbt marts → graph → embeddings → notification, for one trade date.",
)


def default_status(krx_source: str) -> dg.DefaultScheduleStatus:
    """RUNNING for a source that has new data every day (live, record), STOPPED for a replay."""
    replay = krx_source.startswith("replay")
    return dg.DefaultScheduleStatus.STOPPED if replay else dg.DefaultScheduleStatus.RUNNING


@dg.schedule(
    job=daily_collection_job,
    cron_schedule="30 18 * * 1-5",
    execution_timezone="Asia/Seoul",
    default_status=default_status(Settings.from_env().krx_source),
)
def weekday_evening_collection(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    # KRX publishes the day's quotes and PDFs after the close; 18:30 KST leaves a margin.
    day: date = context.scheduled_execution_time.date()
    if not is_trade_date(day):
        return dg.SkipReason(f"{day.isoformat()} is not a KRX trade date (XKRX calendar + overrides)")
    return dg.RunRequest(run_key=day.isoformat(), partition_key=day.isoformat())

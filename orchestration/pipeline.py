"""Run the whole asset graph stage by stage for a range of trade dates (used by `atlas materialize`, tests, bench)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import dagster as dg

from atlas.errors import AtlasError
from orchestration.definitions import definitions
from orchestration.defs.dbt.assets import dbt_daily_facts, dbt_dimensions, dbt_latest_marts
from orchestration.defs.fewshot.assets import fewshot_embeddings
from orchestration.defs.graph.assets import etf_graph
from orchestration.defs.krx.assets import (
    kind_companies,
    kofia_fees,
    krx_etf_holdings,
    krx_etf_master,
    krx_etf_prices,
    krx_stock_master,
)
from orchestration.defs.notify.assets import collection_notification

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# Dagster's console logger prints every event at DEBUG; the CLI prints its own progress per stage.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass(frozen=True)
class Stage:
    name: str
    assets: Sequence[dg.AssetsDefinition]
    partitioned: bool

    def selection(self) -> dg.AssetSelection:
        keys = [key for asset in self.assets for key in asset.keys]
        return dg.AssetSelection.assets(*keys)


STAGES: tuple[Stage, ...] = (
    Stage("raw masters", (krx_etf_master, krx_stock_master, kind_companies, kofia_fees), partitioned=False),
    Stage("raw daily (prices, holdings)", (krx_etf_prices, krx_etf_holdings), partitioned=True),
    Stage("dbt staging + dimensions", (dbt_dimensions,), partitioned=False),
    Stage("dbt daily facts", (dbt_daily_facts,), partitioned=True),
    Stage("dbt latest marts", (dbt_latest_marts,), partitioned=False),
    Stage("graph", (etf_graph,), partitioned=False),
    Stage("few-shot embeddings", (fewshot_embeddings,), partitioned=False),
    Stage("notification", (collection_notification,), partitioned=True),
)


@dataclass
class PipelineReport:
    first_date: date
    last_date: date
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.stage_seconds.values())


def run_pipeline(
    first_date: date,
    last_date: date,
    instance: dg.DagsterInstance,
    resources: dict[str, object] | None = None,
    log: Callable[[str], None] = print,
    stages: Sequence[Stage] = STAGES,
) -> PipelineReport:
    """Materialize every stage in order; partitioned stages run the whole date range in one run."""
    defs = definitions()
    assets = list(defs.assets or [])
    checks = list(defs.asset_checks or [])
    all_resources = {**(defs.resources or {}), **(resources or {})}
    tags = {RANGE_START_TAG: first_date.isoformat(), RANGE_END_TAG: last_date.isoformat()}
    report = PipelineReport(first_date, last_date)
    for number, stage in enumerate(stages, start=1):
        log(f"[{number}/{len(stages)}] {stage.name} ...")
        started = time.monotonic()
        result = dg.materialize(
            [*assets, *checks],
            selection=stage.selection(),
            instance=instance,
            resources=all_resources,
            tags=tags if stage.partitioned else {},
            raise_on_error=False,
            run_config=QUIET_RUN_CONFIG,
        )
        elapsed = time.monotonic() - started
        report.stage_seconds[stage.name] = elapsed
        if not result.success:
            raise AtlasError(f"stage '{stage.name}' failed after {elapsed:.1f} s: {_first_failure(result)}")
        failed_checks = [
            f"{e.asset_check_evaluation_data.asset_key.to_user_string()}:{e.asset_check_evaluation_data.check_name}"
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.asset_check_evaluation_data.passed
        ]
        suffix = f"; failed checks: {', '.join(failed_checks)}" if failed_checks else ""
        log(f"[{number}/{len(stages)}] {stage.name} done in {elapsed:.1f} s{suffix}")
    return report


def _first_failure(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            return f"{event.step_key}: {event.step_failure_data.error.message.strip()[:2000]}"
    return "see the Dagster run logs"

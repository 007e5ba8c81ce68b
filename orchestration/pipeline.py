"""The asset graph as stages, executed in-process (used by `atlas materialize`, tests, bench).

Each stage is planned first (orchestration.planner): only changed partitions are launched, as one ranged run per
run of consecutive trade dates, and a stage with nothing to do launches nothing; what was skipped and why is
logged and kept in the report. orchestration.runner drives the stages; this module knows the definitions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import dagster as dg

from orchestration.definitions import definitions
from orchestration.defs.dbt.assets import dbt_daily_facts, dbt_dimensions, dbt_latest_marts
from orchestration.defs.fewshot.assets import fewshot_embeddings
from orchestration.defs.graph.assets import GRAPH_SOURCE_MARTS, etf_graph
from orchestration.defs.krx.assets import (
    DAILY_DATASETS,
    SNAPSHOT_DATASETS,
    kind_companies,
    kofia_fees,
    krx_etf_holdings,
    krx_etf_master,
    krx_etf_prices,
    krx_stock_master,
)
from orchestration.defs.notify.assets import GUARDED, collection_notification
from orchestration.defs.notify.guard import guarded_check_keys
from orchestration.planner import Launch
from orchestration.runner import LaunchResult, PipelineReport, Progress, run_stages
from orchestration.stages import PlanKind, StageSpec

__all__ = ["STAGES", "InProcessExecutor", "PipelineReport", "Stage", "run_pipeline", "stage_specs"]

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# Dagster's console logger prints every event at DEBUG; the CLI prints its own progress per stage.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
DATASETS = {asset.key: dataset for asset, dataset in {**SNAPSHOT_DATASETS, **DAILY_DATASETS}.items()}
RAW_KEYS = frozenset(
    k
    for a in (krx_etf_master, krx_stock_master, kind_companies, kofia_fees, krx_etf_prices, krx_etf_holdings)
    for k in a.keys
)
GRAPH_UPSTREAM = frozenset(dg.AssetKey(["marts", name]) for name in GRAPH_SOURCE_MARTS)


def _keys(*assets: dg.AssetsDefinition) -> frozenset[dg.AssetKey]:
    return frozenset(k for a in assets for k in a.keys)


@dataclass(frozen=True)
class Stage:
    name: str
    assets: Sequence[dg.AssetsDefinition]
    partitioned: bool
    plan: PlanKind = PlanKind.ALWAYS  # ALWAYS: every asset (partitioned: every trade date of the range)
    upstream: frozenset[dg.AssetKey] = frozenset()  # for AFTER_UPSTREAM

    def selection(self) -> dg.AssetSelection:
        return dg.AssetSelection.assets(*(key for asset in self.assets for key in asset.keys))

    def spec(self) -> StageSpec:
        keys = tuple(k for a in self.assets for k in a.keys)
        return StageSpec(
            name=self.name,
            kind=self.plan,
            keys=keys,
            partitioned=self.partitioned,
            code_versions={k: v for a in self.assets for k, v in a.code_versions_by_key.items() if k in keys},
            datasets={k: DATASETS[k] for k in keys if k in DATASETS},
            upstream=self.upstream,
        )


STAGES: tuple[Stage, ...] = (
    Stage(
        "raw masters",
        (krx_etf_master, krx_stock_master, kind_companies, kofia_fees),
        partitioned=False,
        plan=PlanKind.RAW_MASTERS,
    ),
    Stage("raw daily (prices, holdings)", (krx_etf_prices, krx_etf_holdings), True, PlanKind.RAW_DAILY),
    Stage("dbt staging + dimensions", (dbt_dimensions,), False, PlanKind.AFTER_UPSTREAM, RAW_KEYS),
    Stage("dbt daily facts", (dbt_daily_facts,), partitioned=True, plan=PlanKind.DAILY_FACTS),
    Stage(
        "dbt latest marts",
        (dbt_latest_marts,),
        False,
        PlanKind.AFTER_UPSTREAM,
        _keys(dbt_dimensions, dbt_daily_facts),
    ),
    Stage("graph", (etf_graph,), False, PlanKind.AFTER_UPSTREAM, GRAPH_UPSTREAM | _keys(dbt_latest_marts)),
    Stage("few-shot embeddings", (fewshot_embeddings,), partitioned=False, plan=PlanKind.FEWSHOT),
    Stage("notification", (collection_notification,), partitioned=False, plan=PlanKind.NOTIFICATION),
)


def stage_specs(stages: Sequence[Stage] = STAGES) -> list[StageSpec]:
    return [stage.spec() for stage in stages]


def _tags(launch: Launch) -> tuple[dict[str, str], str | None]:
    if launch.partitions is None:
        return {}, None
    first, last = launch.partitions
    if first == last:
        return {}, first
    return {RANGE_START_TAG: first, RANGE_END_TAG: last}, None


def _failed_checks(result: dg.ExecuteInProcessResult) -> list[str]:
    return [
        f"{e.asset_check_evaluation_data.asset_key.to_user_string()}:{e.asset_check_evaluation_data.check_name}"
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.asset_check_evaluation_data.passed
    ]


def _rows(result: dg.ExecuteInProcessResult) -> int:
    """Rows the run's materializations recorded: ours as "rows", dagster-dbt's as "dagster/row_count"."""
    total = 0
    for event in result.all_events:
        if event.event_type_value == "ASSET_MATERIALIZATION":
            metadata = event.step_materialization_data.materialization.metadata
            value = metadata.get("rows") or metadata.get("dagster/row_count")
            total += int(getattr(value, "value", value) or 0)
    return total


def _first_failure(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            return f"{event.step_key}: {event.step_failure_data.error.message.strip()[:2000]}"
    return "see the Dagster run logs"


class InProcessExecutor:
    """Each launch as one `dagster.materialize` run on the instance, with the definitions' resources."""

    def __init__(self, instance: dg.DagsterInstance, resources: dict[str, object] | None = None) -> None:
        defs = definitions()
        self.instance = instance
        self.definitions = [*(defs.assets or []), *(defs.asset_checks or [])]
        self.resources = {**(defs.resources or {}), **(resources or {})}
        guarded_check_keys(GUARDED)  # the notification's guard (cached), resolved before any run is timed

    def __call__(self, launch: Launch) -> LaunchResult:
        tags, partition_key = _tags(launch)
        result = dg.materialize(
            self.definitions,
            selection=dg.AssetSelection.assets(*launch.keys),
            instance=self.instance,
            resources=self.resources,
            tags=tags,
            partition_key=partition_key,
            raise_on_error=False,
            run_config=QUIET_RUN_CONFIG,
        )
        if not result.success:
            return LaunchResult(False, failure=_first_failure(result))
        return LaunchResult(
            True,
            failed_checks=_failed_checks(result),
            materialized={e.asset_key for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"},
            rows=_rows(result),
        )


def run_pipeline(
    first_date: date,
    last_date: date,
    instance: dg.DagsterInstance,
    resources: dict[str, object] | None = None,
    log: Callable[[str], None] = print,
    stages: Sequence[Stage] = STAGES,
    progress: Progress | None = None,
) -> PipelineReport:
    """Plan and materialize every stage in order (resources override the definitions' shared ones)."""
    executor = InProcessExecutor(instance, resources)
    database, krx = executor.resources["database"], executor.resources["krx"]
    return run_stages(
        first_date,
        last_date,
        instance,
        stage_specs(stages),
        connect=lambda: database.connect(autocommit=True),  # type: ignore[attr-defined]
        krx_client=krx.client,  # type: ignore[attr-defined]
        executor=lambda: executor,
        log=log,
        progress=progress,
    )

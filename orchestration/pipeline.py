"""Run the asset graph stage by stage for a range of trade dates (used by `atlas materialize`, tests, bench).

Each stage is planned first (orchestration.planner): only changed partitions are launched, as one ranged run per
run of consecutive trade dates, and a stage with nothing to do launches nothing; what was skipped and why is
logged and kept in the report.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import dagster as dg

from atlas.errors import AtlasError
from orchestration import planner
from orchestration.definitions import definitions
from orchestration.defs.dbt.assets import dbt_daily_facts, dbt_dimensions, dbt_latest_marts
from orchestration.defs.fewshot.assets import fewshot_embeddings, seeds_version
from orchestration.defs.graph.assets import etf_graph
from orchestration.defs.krx.assets import (
    kind_companies,
    kofia_fees,
    krx_etf_holdings,
    krx_etf_master,
    krx_etf_prices,
    krx_stock_master,
)
from orchestration.defs.krx.partitions import trade_date_partitions
from orchestration.defs.notify.assets import collection_notification
from orchestration.lib.versions import latest

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# Dagster's console logger prints every event at DEBUG; the CLI prints its own progress per stage.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}

Planner = Callable[["planner.PlanState", Sequence[dg.AssetsDefinition]], "planner.StagePlan"]


def _plan_fewshot(state: planner.PlanState, assets: Sequence[dg.AssetsDefinition]) -> planner.StagePlan:
    recorded = latest(state.instance, fewshot_embeddings.key)
    if recorded and recorded.data_version == seeds_version() and not planner.code_changes(state, assets):
        return planner.StagePlan(skipped=["fewshot_embeddings: seeds/fewshot unchanged (same sha256)"])
    return planner.StagePlan([planner.Launch((fewshot_embeddings.key,))])


def _after(*upstream: dg.AssetsDefinition | set[dg.AssetKey]) -> Planner:
    keys: set[dg.AssetKey] = set()
    for item in upstream:
        keys |= item if isinstance(item, set) else set(item.keys)
    return lambda state, assets: planner.plan_unpartitioned(state, assets, keys)


def _always_run(partitioned: bool) -> Planner:
    def plan(state: planner.PlanState, assets: Sequence[dg.AssetsDefinition]) -> planner.StagePlan:
        keys = tuple(k for a in assets for k in a.keys)
        if not partitioned:
            return planner.StagePlan([planner.Launch(keys)])
        days = [d for d in map(date.fromisoformat, state.partition_keys) if state.first <= d <= state.last]
        return planner.StagePlan(state.ranges(keys, days))

    return plan


RAW_KEYS = {k for a in (krx_etf_master, krx_stock_master, kind_companies, kofia_fees) for k in a.keys} | {
    krx_etf_prices.key,
    krx_etf_holdings.key,
}


@dataclass(frozen=True)
class Stage:
    name: str
    assets: Sequence[dg.AssetsDefinition]
    partitioned: bool
    plan: Planner | None = None  # None: always run (partitioned: every trade date of the range)

    def selection(self) -> dg.AssetSelection:
        keys = [key for asset in self.assets for key in asset.keys]
        return dg.AssetSelection.assets(*keys)


STAGES: tuple[Stage, ...] = (
    Stage(
        "raw masters",
        (krx_etf_master, krx_stock_master, kind_companies, kofia_fees),
        partitioned=False,
        plan=planner.plan_raw_masters,
    ),
    Stage(
        "raw daily (prices, holdings)",
        (krx_etf_prices, krx_etf_holdings),
        partitioned=True,
        plan=planner.plan_raw_daily,
    ),
    Stage("dbt staging + dimensions", (dbt_dimensions,), partitioned=False, plan=_after(RAW_KEYS)),
    Stage("dbt daily facts", (dbt_daily_facts,), partitioned=True, plan=planner.plan_daily_facts),
    Stage("dbt latest marts", (dbt_latest_marts,), partitioned=False, plan=_after(dbt_dimensions, dbt_daily_facts)),
    Stage("graph", (etf_graph,), partitioned=False, plan=_after(planner.GRAPH_UPSTREAM | set(dbt_latest_marts.keys))),
    Stage("few-shot embeddings", (fewshot_embeddings,), partitioned=False, plan=_plan_fewshot),
    Stage("notification", (collection_notification,), partitioned=True, plan=planner.plan_notification),
)


@dataclass
class PipelineReport:
    first_date: date
    last_date: date
    stage_seconds: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)
    launches: dict[str, list[str]] = field(default_factory=dict)
    failed_checks: list[str] = field(default_factory=list)

    @property
    def total_seconds(self) -> float:
        return sum(self.stage_seconds.values())


def _tags(launch: planner.Launch) -> tuple[dict[str, str], str | None]:
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


def run_pipeline(
    first_date: date,
    last_date: date,
    instance: dg.DagsterInstance,
    resources: dict[str, object] | None = None,
    log: Callable[[str], None] = print,
    stages: Sequence[Stage] = STAGES,
    progress: Callable[[str, int, int], None] | None = None,
) -> PipelineReport:
    """Plan and materialize every stage in order; `progress(stage, runs_done, runs)` after each Dagster run."""
    defs = definitions()
    assets = list(defs.assets or [])
    checks = list(defs.asset_checks or [])
    all_resources = {**(defs.resources or {}), **(resources or {})}
    report = PipelineReport(first_date, last_date)
    database, krx = all_resources["database"], all_resources["krx"]
    keys = trade_date_partitions.get_partition_keys()
    with database.connect(autocommit=True) as conn, krx.client() as client:  # type: ignore[attr-defined]
        state = planner.PlanState(instance, conn, client, first_date, last_date, keys)
        for number, stage in enumerate(stages, start=1):
            started = time.monotonic()
            plan = (stage.plan or _always_run(stage.partitioned))(state, stage.assets)
            report.skipped[stage.name] = plan.skipped
            report.launches[stage.name] = [launch.describe() for launch in plan.launches]
            prefix = f"[{number}/{len(stages)}] {stage.name}"
            for reason in plan.skipped:
                log(f"{prefix}: skipped {reason}")
            if progress:
                progress(stage.name, 0, len(plan.launches))
            for done, launch in enumerate(plan.launches, start=1):
                tags, partition_key = _tags(launch)
                result = dg.materialize(
                    [*assets, *checks],
                    selection=dg.AssetSelection.assets(*launch.keys),
                    instance=instance,
                    resources=all_resources,
                    tags=tags,
                    partition_key=partition_key,
                    raise_on_error=False,
                    run_config=QUIET_RUN_CONFIG,
                )
                if not result.success:
                    elapsed = time.monotonic() - started
                    report.stage_seconds[stage.name] = elapsed
                    raise AtlasError(f"stage '{stage.name}' failed after {elapsed:.1f} s: {_first_failure(result)}")
                report.failed_checks += _failed_checks(result)
                state.changed_keys |= {
                    e.asset_key for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"
                }
                if progress:
                    progress(stage.name, done, len(plan.launches))
            elapsed = time.monotonic() - started
            report.stage_seconds[stage.name] = elapsed
            runs = (
                f"{len(plan.launches)} run(s): {'; '.join(report.launches[stage.name][:4])}"
                if plan.launches
                else "nothing to run"
            )
            log(f"{prefix} done in {elapsed:.1f} s, {runs}")
    if report.failed_checks:
        log(f"failed checks: {', '.join(sorted(set(report.failed_checks)))}")
    return report


def _first_failure(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            return f"{event.step_key}: {event.step_failure_data.error.message.strip()[:2000]}"
    return "see the Dagster run logs"

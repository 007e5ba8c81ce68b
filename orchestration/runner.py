"""Run the stages for a range of trade dates: plan each one, execute only what changed, report why the rest skipped.

Planning needs stage specs, the instance, the database and the KRX source; executing needs the definitions.
The executor is built on the first launch, so a run with nothing to do never loads dbt or the definitions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import dagster as dg
import psycopg

from atlas.errors import AtlasError
from orchestration import planner
from orchestration.lib import progress as date_progress
from orchestration.lib.krx import KrxClient
from orchestration.lib.trade_calendar import today_kst, trade_dates_until
from orchestration.stages import StageSpec

# progress(stage, dates done, dates planned, rows loaded); dates planned 0 = an unpartitioned stage.
Progress = Callable[[str, int, int, int], None]


@dataclass
class LaunchResult:
    success: bool
    failure: str = ""
    failed_checks: list[str] = field(default_factory=list)
    materialized: set[dg.AssetKey] = field(default_factory=set)
    rows: int = 0  # rows recorded by the materializations ("rows" or dbt's "dagster/row_count" metadata)


class Executor(Protocol):
    def __call__(self, launch: planner.Launch) -> LaunchResult: ...


@dataclass
class PipelineReport:
    first_date: date
    last_date: date
    stage_seconds: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)
    launches: dict[str, list[str]] = field(default_factory=dict)
    failed_checks: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    dates: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.stage_seconds.values())


def partition_keys() -> list[str]:
    """The trade-date partition keys that exist today (orchestration.defs.krx.partitions, without Dagster defs)."""
    return [d.isoformat() for d in trade_dates_until(today_kst())]


def launch_dates(launch: planner.Launch, keys: Sequence[str]) -> int:
    if launch.partitions is None:
        return 0
    first, last = launch.partitions
    return sum(1 for key in keys if first <= key <= last)


class _StageProgress:
    """Dates and rows of one stage: per date as the assets report them, and per finished launch (the dates it
    covered, the rows its materializations recorded), whichever says more."""

    def __init__(self, name: str, total: int, callback: Progress | None) -> None:
        self.name, self.total, self.callback = name, total, callback
        self.dates = self.rows = 0
        self._done_dates = self._done_rows = 0  # of the launches already finished

    def show(self) -> None:
        if self.callback:
            self.callback(self.name, min(self.dates, self.total) if self.total else self.dates, self.total, self.rows)

    def on_date(self, _asset: str, _day: date, rows: int) -> None:
        self.dates += 1
        self.rows += rows
        self.show()

    def launch_done(self, dates: int, rows: int) -> None:
        self._done_dates += max(dates, self.dates - self._done_dates)
        self._done_rows += max(rows, self.rows - self._done_rows)
        self.dates, self.rows = self._done_dates, self._done_rows
        self.show()


def run_stages(
    first_date: date,
    last_date: date,
    instance: dg.DagsterInstance,
    specs: Sequence[StageSpec],
    connect: Callable[[], AbstractContextManager[psycopg.Connection]],
    krx_client: Callable[[], AbstractContextManager[KrxClient]],
    executor: Callable[[], Executor],
    log: Callable[[str], None] = print,
    progress: Progress | None = None,
) -> PipelineReport:
    """Plan and execute every stage in order; `progress` after each date and each Dagster run."""
    report = PipelineReport(first_date, last_date)
    keys = partition_keys()
    execute: Executor | None = None
    with connect() as conn, krx_client() as client:
        state = planner.PlanState(instance, conn, client, first_date, last_date, keys)
        for number, spec in enumerate(specs, start=1):
            started = time.monotonic()
            plan = planner.plan(state, spec)
            report.skipped[spec.name] = plan.skipped
            report.launches[spec.name] = [launch.describe() for launch in plan.launches]
            prefix = f"[{number}/{len(specs)}] {spec.name}"
            for reason in plan.skipped:
                log(f"{prefix}: skipped {reason}")
            total = plan.dates or sum(launch_dates(launch, keys) for launch in plan.launches)
            bar = _StageProgress(spec.name, total, progress)
            bar.show()
            for launch in plan.launches:
                execute = execute or executor()
                with date_progress.listening(bar.on_date):
                    result = execute(launch)
                if not result.success:
                    elapsed = time.monotonic() - started
                    report.stage_seconds[spec.name] = elapsed
                    raise AtlasError(f"stage '{spec.name}' failed after {elapsed:.1f} s: {result.failure}")
                report.failed_checks += result.failed_checks
                state.changed_keys |= result.materialized
                bar.launch_done(launch_dates(launch, keys), result.rows)
            elapsed = time.monotonic() - started
            report.stage_seconds[spec.name] = elapsed
            report.rows[spec.name], report.dates[spec.name] = bar.rows, min(bar.dates, total)
            runs = (
                f"{len(plan.launches)} run(s): {'; '.join(report.launches[spec.name][:4])}"
                if plan.launches
                else "nothing to run"
            )
            log(f"{prefix} done in {elapsed:.1f} s, {runs}")
    if report.failed_checks:
        log(f"failed checks: {', '.join(sorted(set(report.failed_checks)))}")
    return report

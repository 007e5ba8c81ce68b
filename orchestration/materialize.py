"""`atlas materialize [--from DATE] [--to DATE] [--launch [URL]]`: the pipeline over the dates the KRX source has.

In-process by default (the embedded instance in DAGSTER_HOME): each stage is planned, unchanged partitions are
skipped and the reasons printed. `--launch` hands the same selection to a running Dagster instance as a backfill.

Imports are deferred on purpose: a run with nothing to do plans from cached stage specs and never imports the
definitions (dagster-dbt, dbt-core), which were most of a no-op run's time.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dagster as dg

    from orchestration.pipeline import InProcessExecutor
    from orchestration.stages import StageSpec

from atlas.config import PROJECT_ROOT, Settings
from atlas.errors import AtlasError


def _parse_day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise AtlasError(f"{flag} must be a date like 2024-11-06, not {value!r}") from exc


def source_dates(krx_source: str, first: date | None, last: date | None) -> list[date]:
    """Trade dates the source has (prices or holdings), limited to [first, last]."""
    from orchestration.lib.krx import client_from_source

    with client_from_source(krx_source) as client:
        dates = set(client.available_dates("etf_prices", first, last))
        dates |= set(client.available_dates("etf_holdings", first, last))
    return sorted(d for d in dates if (first is None or d >= first) and (last is None or d <= last))


def main(args: argparse.Namespace, settings: Settings) -> int:
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    first, last = _parse_day(args.date_from, "--from"), _parse_day(args.date_to, "--to")
    if first and last and first > last:
        raise AtlasError("--from must not be after --to")

    from atlas.cli import _cluster_up
    from atlas.db.provision import provision

    dates = source_dates(settings.krx_source, first, last)
    if not dates:
        raise AtlasError(f"the KRX source {settings.krx_source} has no trade dates in the requested range")
    if getattr(args, "launch", None):
        from orchestration.launch import submit_backfill

        backfill = submit_backfill(args.launch, dates[0], dates[-1])
        print(f"backfill {backfill} submitted to {args.launch} for {dates[0]} .. {dates[-1]}")
        return 0

    provision(_cluster_up(settings), settings.db_name, settings.readonly_timeout_ms)
    print(f"materializing {len(dates)} trade dates {dates[0]} .. {dates[-1]} from {settings.krx_source}")
    from orchestration.lib.dbt_log import dbt_log_file

    print(f"dbt log: {dbt_log_file()}")
    return _run_with_progress(dates[0], dates[-1], settings)


def _specs(home: Path) -> list[StageSpec]:
    """Stage specs from the cache in DAGSTER_HOME when its fingerprint is current, else from the definitions."""
    from orchestration import stages

    current, path = stages.fingerprint(), stages.cache_path(home)
    cached = stages.read_cached(path, current)
    if cached is not None:
        return cached
    from orchestration.pipeline import stage_specs

    specs = stage_specs()
    stages.write_cache(path, current, specs)
    return specs


def _in_process_executor(instance: dg.DagsterInstance) -> InProcessExecutor:  # built on the first launch
    from orchestration.pipeline import InProcessExecutor

    return InProcessExecutor(instance)


def _run_with_progress(first: date, last: date, settings: Settings) -> int:
    import dagster as dg
    import psycopg
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from atlas.db.cluster import resolve_cluster
    from orchestration.lib.krx import client_from_source
    from orchestration.runner import run_stages

    specs = _specs(Path(os.environ["DAGSTER_HOME"]))
    dsn = resolve_cluster(settings).loader_dsn(settings.db_name)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[unit]}"),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
    )
    instance = dg.DagsterInstance.get()
    with Progress(*columns, transient=False) as bar:
        tasks = {s.name: bar.add_task(s.name, total=None, start=False, unit="", rows="") for s in specs}

        running: list[str] = []

        def progress(stage: str, dates: int, total: int, rows: int) -> None:
            if running and running[-1] != stage:  # the previous stage ended: stop its clock
                bar.stop_task(tasks[running[-1]])
            if not running or running[-1] != stage:
                running.append(stage)
                bar.start_task(tasks[stage])
            # Partitioned stages count trade dates; an unpartitioned one is one step; nothing to do is complete.
            unit = "dates" if total else "run"
            completed, steps = (dates, total) if total else (1 if rows or dates else 0, 1)
            bar.update(tasks[stage], completed=completed, total=steps, unit=unit, rows=f"{rows:,} rows" if rows else "")

        def log(message: str) -> None:
            bar.console.print(message, highlight=False, markup=False)

        report = run_stages(
            first,
            last,
            instance,
            specs,
            connect=lambda: psycopg.connect(dsn, autocommit=True),
            krx_client=lambda: client_from_source(settings.krx_source),
            executor=lambda: _in_process_executor(instance),
            log=log,
            progress=progress,
        )
        for spec in specs:  # every stage ends complete; one with nothing to do says so
            total = bar.tasks[tasks[spec.name]].total or 1
            fields = {} if report.launches.get(spec.name) else {"unit": "skipped"}
            bar.update(tasks[spec.name], completed=total, total=total, **fields)
            bar.stop_task(tasks[spec.name])
    skipped = sum(len(r) for r in report.skipped.values())
    rows = sum(report.rows.values())
    print(f"pipeline finished in {report.total_seconds:.1f} s; {rows:,} rows loaded; {skipped} skipped (reasons above)")
    if report.failed_checks:
        print(f"failed checks (non-blocking): {', '.join(sorted(set(report.failed_checks)))}")
    return 0

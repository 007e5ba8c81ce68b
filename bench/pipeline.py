"""Pipeline benchmark: the real Dagster pipeline (orchestration.pipeline.run_pipeline) from an empty database.

Every run provisions a fresh bench database, materializes the recorded KRX snapshot with a fresh Dagster instance,
and counts what each stage produced (rows per second). The all-dates run is followed by a second run with nothing
new, run as an operator runs it: `atlas materialize` in a fresh process (start-up, planning, nothing launched) on
the same database and instance, timed wall clock. It also checks that the instance's raw holdings partitions are the
holdings dates loaded, and reports the notification stage's time on its own. Standalone:

    .venv/bin/python -m bench.pipeline [--date 2024-11-06] [--runs 3] [--all-dates] [--only-all-dates]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
from psycopg import sql

from atlas.config import DEFAULT_KRX_DIR, PROJECT_ROOT
from bench.environment import (
    BenchDatabase,
    drop_bench_database,
    embeddings_server,
    fresh_database,
    log,
)
from bench.stats import median_of_runs

REPLAY_SOURCE = f"replay:{DEFAULT_KRX_DIR}"  # always the recorded snapshot: comparable runs, no network
DEFAULT_ONE_DATE = date(2024, 11, 6)  # the latest holdings date of the snapshot (holdings are most of the rows)
# Stage names of orchestration.pipeline.STAGES grouped as the benchmark reports them.
STAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "raw_load": ("raw masters", "raw daily (prices, holdings)"),
    "dbt": ("dbt staging + dimensions", "dbt daily facts", "dbt latest marts"),
    "graph": ("graph",),
    "embeddings": ("few-shot embeddings",),
    "notification": ("notification",),
}
TABLES_IN_SCHEMA = (
    "select table_name from information_schema.tables where table_schema = %s and table_type = 'BASE TABLE'"
)
GRAPH_ELEMENTS = (
    "select (select count(*) from etf_graph._ag_label_vertex) + (select count(*) from etf_graph._ag_label_edge)"
)


def snapshot_dates() -> list[date]:
    from orchestration.materialize import source_dates

    return source_dates(REPLAY_SOURCE, None, None)


def group_stages(stage_seconds: dict[str, float]) -> dict[str, float]:
    """Seconds per reported group; a stage the groups do not know is an error (the pipeline changed)."""
    known = {name for names in STAGE_GROUPS.values() for name in names}
    unknown = set(stage_seconds) - known
    if unknown:
        raise ValueError(f"pipeline stages not mapped to a benchmark group: {sorted(unknown)}")
    return {group: sum(stage_seconds.get(name, 0.0) for name in names) for group, names in STAGE_GROUPS.items()}


def rows_per_second(rows: dict[str, int], seconds: dict[str, float]) -> dict[str, float]:
    return {group: round(rows[group] / seconds[group], 1) if seconds.get(group) else 0.0 for group in rows}


def produced_rows(db: BenchDatabase) -> dict[str, int]:
    """What each stage group produced: raw rows, mart table rows, graph vertices + edges, examples, events."""
    import psycopg

    with psycopg.connect(db.loader_dsn, autocommit=True) as conn:

        def schema_rows(schema: str) -> int:
            tables = [row[0] for row in conn.execute(TABLES_IN_SCHEMA, (schema,))]
            total = 0
            for table in tables:
                query = sql.SQL("select count(*) from {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
                total += int(conn.execute(query).fetchone()[0])  # type: ignore[index]
            return total

        return {
            "raw_load": schema_rows("raw"),
            "dbt": schema_rows("marts"),
            "graph": int(conn.execute(GRAPH_ELEMENTS).fetchone()[0]),  # type: ignore[index]
            "embeddings": int(conn.execute("select count(*) from fewshot.examples").fetchone()[0]),  # type: ignore[index]
            "notification": int(conn.execute("select count(*) from events.stream").fetchone()[0]),  # type: ignore[index]
        }


def _holdings_partitions(instance: dg.DagsterInstance, db: BenchDatabase) -> dict[str, Any]:
    """The instance's materialized partitions of raw/krx_etf_holdings against the holdings dates loaded."""
    import psycopg

    materialized = instance.get_materialized_partitions(dg.AssetKey(["raw", "krx_etf_holdings"]))
    with psycopg.connect(db.loader_dsn, autocommit=True) as conn:
        loaded = {row[0].isoformat() for row in conn.execute("select distinct trade_date from raw.krx_etf_holdings")}
    return {
        "holdings_partitions": len(materialized),
        "holdings_dates_loaded": len(loaded),
        "equal": materialized == loaded,
    }


def _noop_rerun(first: date, last: date, home: str, db: BenchDatabase, embeddings_url: str) -> dict[str, Any]:
    """`atlas materialize --from --to` in a new process on the loaded bench database and instance: wall clock."""
    from orchestration import stages
    from orchestration.pipeline import stage_specs

    # What the CLI's own first run leaves in DAGSTER_HOME (the from-empty run here ran in this process).
    stages.write_cache(stages.cache_path(Path(home)), stages.fingerprint(), stage_specs())
    env = {
        **os.environ,
        "DAGSTER_HOME": home,
        "ATLAS_DB_NAME": db.name,
        "KRX_SOURCE": REPLAY_SOURCE,
        "ATLAS_EMBEDDINGS_BASE_URL": embeddings_url,
        "COLUMNS": "120",
    }
    command = [str(Path(sys.executable).parent / "atlas"), "materialize", "--from", str(first), "--to", str(last)]
    started = time.monotonic()
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"no-op atlas materialize failed ({done.returncode}): {done.stderr[-2000:]}")
    for line in done.stdout.splitlines():
        log(f"  no-op {line}")
    inside = re.search(r"pipeline finished in ([0-9.]+) s", done.stdout)
    return {
        "noop_wall_s": round(wall, 3),
        "noop_pipeline_s": float(inside.group(1)) if inside else None,
        "noop_runs_launched": len(re.findall(r"done in [0-9.]+ s, [0-9]+ run", done.stdout)),
        "noop_command": " ".join(["atlas", *command[1:]]),
    }


def run_once(
    first: date, last: date, db_name: str, embeddings_url: str, keep: bool = False, rerun: bool = False
) -> dict[str, Any]:
    """One pipeline run from an empty database (a fresh Dagster instance too); with `rerun`, a second run with
    nothing new on the same database and instance. The database is dropped afterwards unless `keep`."""
    from orchestration.pipeline import run_pipeline
    from orchestration.resources import AtlasDatabase, EmbeddingsEndpoint, KrxSource

    db = fresh_database(db_name)
    try:
        resources = {
            "database": AtlasDatabase(dsn=db.loader_dsn),
            "krx": KrxSource(source=REPLAY_SOURCE),
            "embeddings": EmbeddingsEndpoint(base_url=embeddings_url),
        }
        noop: dict[str, Any] = {}
        with tempfile.TemporaryDirectory() as home:
            Path(home, "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
            with dg.DagsterInstance.local_temp(home) as instance:
                report = run_pipeline(first, last, instance, resources=resources, log=lambda m: log(f"  pipeline {m}"))
                partitions = _holdings_partitions(instance, db)
                if rerun:
                    noop = _noop_rerun(first, last, home, db, embeddings_url)
        groups = group_stages(report.stage_seconds)
        rows = produced_rows(db)
    except BaseException:
        drop_bench_database(db)
        raise
    if not keep:
        drop_bench_database(db)
    return {
        "total_s": round(report.total_seconds, 3),
        **{f"{group}_s": round(seconds, 3) for group, seconds in groups.items()},
        **{f"{group}_rows": count for group, count in rows.items()},
        **{f"{group}_rows_per_s": rate for group, rate in rows_per_second(rows, groups).items()},
        "raw_rows_per_s_overall": round(rows["raw_load"] / report.total_seconds, 1),
        "stages_s": {name: round(s, 3) for name, s in report.stage_seconds.items()},
        "stage_rows": report.rows,
        "stage_dates": report.dates,
        "notification_stage_s": round(report.stage_seconds.get("notification", 0.0), 3),
        "raw_holdings_partitions": partitions,
        **noop,
    }


def one_date(day: date, runs: int, db_name: str, embeddings_url: str, keep_last: bool = False) -> dict[str, Any]:
    results = []
    for i in range(runs):
        log(f"pipeline, one date {day}: run {i + 1}/{runs}")
        results.append(run_once(day, day, db_name, embeddings_url, keep=keep_last and i == runs - 1))
        log(f"pipeline, one date: {results[-1]['total_s']:.1f} s")
    flat = [{k: v for k, v in r.items() if k != "stages_s"} for r in results]
    stage_names = list(results[0]["stages_s"])
    return {
        "date": day.isoformat(),
        "runs": runs,
        **median_of_runs(flat),
        "stages_s": median_of_runs([r["stages_s"] for r in results]) if stage_names else {},
        "total_runs_s": [r["total_s"] for r in results],
    }


def all_dates(db_name: str, embeddings_url: str, keep: bool) -> dict[str, Any]:
    dates = snapshot_dates()
    log(f"pipeline, all {len(dates)} snapshot dates {dates[0]} .. {dates[-1]}: from empty, then a no-op re-run")
    result = run_once(dates[0], dates[-1], db_name, embeddings_url, keep=keep, rerun=True)
    log(
        f"pipeline, all dates: {result['total_s']:.1f} s (notification {result['notification_stage_s']:.2f} s);"
        f" no-op `atlas materialize` {result['noop_wall_s']:.1f} s wall, {result['noop_runs_launched']} runs launched"
    )
    return {"first": dates[0].isoformat(), "last": dates[-1].isoformat(), "dates": len(dates), "runs": 1, **result}


def main(argv: list[str] | None = None, run: Callable[..., Any] = one_date) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--date", type=date.fromisoformat, default=DEFAULT_ONE_DATE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--all-dates", action="store_true", help="also one run over every snapshot date")
    parser.add_argument("--only-all-dates", action="store_true", help="only the all-dates run and its no-op re-run")
    parser.add_argument("--db", default="atlas_bench")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be >= 1")
    with embeddings_server() as url:
        out: dict[str, Any] = {} if args.only_all_dates else {"one_date": run(args.date, args.runs, args.db, url)}
        if args.all_dates or args.only_all_dates:
            out["all_dates"] = all_dates(args.db, url, keep=False)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

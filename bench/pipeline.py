"""Pipeline benchmark: the real Dagster pipeline (orchestration.pipeline.run_pipeline) from an empty database.

Every run provisions a fresh bench database, materializes the recorded KRX snapshot with an ephemeral Dagster
instance, and counts what each stage produced (rows per second). Standalone:

    .venv/bin/python -m bench.pipeline [--date 2024-11-06] [--runs 3] [--all-dates]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import dagster as dg
from psycopg import sql

from atlas.config import DEFAULT_KRX_DIR
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


def run_once(first: date, last: date, db_name: str, embeddings_url: str, keep: bool = False) -> dict[str, Any]:
    """One pipeline run from an empty database; the database is dropped afterwards unless `keep`."""
    from orchestration.pipeline import run_pipeline
    from orchestration.resources import AtlasDatabase, EmbeddingsEndpoint, KrxSource

    db = fresh_database(db_name)
    try:
        resources = {
            "database": AtlasDatabase(dsn=db.loader_dsn),
            "krx": KrxSource(source=REPLAY_SOURCE),
            "embeddings": EmbeddingsEndpoint(base_url=embeddings_url),
        }
        with dg.DagsterInstance.ephemeral() as instance:
            report = run_pipeline(first, last, instance, resources=resources, log=lambda m: log(f"  pipeline {m}"))
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
    log(f"pipeline, all {len(dates)} snapshot dates {dates[0]} .. {dates[-1]}: one run")
    result = run_once(dates[0], dates[-1], db_name, embeddings_url, keep=keep)
    log(f"pipeline, all dates: {result['total_s']:.1f} s")
    return {"first": dates[0].isoformat(), "last": dates[-1].isoformat(), "dates": len(dates), "runs": 1, **result}


def main(argv: list[str] | None = None, run: Callable[..., Any] = one_date) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--date", type=date.fromisoformat, default=DEFAULT_ONE_DATE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--all-dates", action="store_true", help="also one run over every snapshot date")
    parser.add_argument("--db", default="atlas_bench")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be >= 1")
    with embeddings_server() as url:
        out: dict[str, Any] = {"one_date": run(args.date, args.runs, args.db, url)}
        if args.all_dates:
            out["all_dates"] = all_dates(args.db, url, keep=False)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

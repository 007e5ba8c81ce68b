"""`make bench`: every benchmark on the recorded KRX snapshot; writes bench/results/latest.{json,md} and the README.

    .venv/bin/python -m bench.run_all [--quick] [--runs 3] [--api-runs 3] [--api-duration 8] [--no-readme]

1. Pipeline: one date from an empty database (--runs times, median), then all snapshot dates once (skipped with
   --quick). The database of the last run (all dates; one date with --quick) stays for the next sections and is
   dropped at the end.
2. Graph load: bench/graph_load.py on that database (bulk vs per-row Cypher vs COPY).
3. API: `atlas serve` on a free loopback port against that database; load from this process (bench/api_load.py),
   SQL vs Cypher twins (bench/sql_vs_cypher.py), NOTIFY → SSE (bench/notify_sse.py).
Every section is bounded in time; a failing section is recorded under `errors` and the run exits with 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

from atlas.config import PROJECT_ROOT
from bench import api_load, graph_load, notify_sse, pipeline, sql_vs_cypher
from bench.api_server import RunningServer, api_server
from bench.cpu import CpuMeter
from bench.environment import (
    BenchDatabase,
    drop_bench_database,
    embeddings_pid,
    embeddings_server,
    log,
    machine_info,
    now_iso,
    settings_and_cluster,
)
from bench.report import evaluate_targets, render_markdown, replace_readme_block

RESULTS_DIR = Path(__file__).resolve().parent / "results"
README = PROJECT_ROOT / "README.md"
BENCH_DB = "atlas_bench"
# Variables that would make the bench leave loopback or change what is measured.
UNSET_ENV = ("ATLAS_WEBHOOK_URL", "ATLAS_CHAT_MODEL", "ATLAS_CHAT_BASE_URL")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the all-dates pipeline run (~10 minutes)")
    parser.add_argument("--runs", type=int, default=3, help="one-date pipeline runs (median)")
    parser.add_argument("--date", type=date.fromisoformat, default=pipeline.DEFAULT_ONE_DATE, help="the one date")
    parser.add_argument("--graph-runs", type=int, default=3, help="bulk graph builds and COPYs (median)")
    parser.add_argument("--api-runs", type=int, default=3, help="runs per API scenario and client count (median)")
    parser.add_argument("--api-duration", type=float, default=8.0, help="seconds per API run")
    parser.add_argument("--api-max-requests", type=int, default=4000, help="requests per API run")
    parser.add_argument("--sql-iterations", type=int, default=300, help="iterations per SQL/Cypher route")
    parser.add_argument("--sse-events", type=int, default=100)
    parser.add_argument("--output-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    args = parser.parse_args(argv)
    counts = (args.runs, args.graph_runs, args.api_runs, args.api_max_requests, args.sql_iterations, args.sse_events)
    if min(counts) < 1 or args.api_duration <= 0:
        parser.error("run counts, iterations and durations must be positive")
    return args


def _section(name: str, errors: dict[str, str], work: Callable[[], Any]) -> Any:
    """Run one section; a failure is logged and recorded, and the next sections still run."""
    log(f"== {name}")
    try:
        return work()
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        errors[name] = f"{type(exc).__name__}: {str(exc).strip()[:500]}"
        log(f"== {name} FAILED: {errors[name]}")
        return None


def _command(argv: list[str] | None) -> str:
    extra = " ".join(argv if argv is not None else sys.argv[1:])
    return "make bench" if not extra else f"python -m bench.run_all {extra}"


def run(args: argparse.Namespace, command: str) -> dict[str, Any]:
    _settings, cluster = settings_and_cluster()
    results: dict[str, Any] = {
        "date": now_iso(),
        "command": command,
        "machine": machine_info(cluster.admin_dsn("postgres")),
    }
    errors: dict[str, str] = {}
    serving = BenchDatabase(name=BENCH_DB, cluster=cluster)
    with embeddings_server() as embeddings_url:
        try:

            def run_pipeline() -> dict[str, Any]:
                out = {"one_date": pipeline.one_date(args.date, args.runs, BENCH_DB, embeddings_url, args.quick)}
                if not args.quick:
                    out["all_dates"] = pipeline.all_dates(BENCH_DB, embeddings_url, keep=True)
                out["all_dates_s"] = out["all_dates"]["total_s"] if "all_dates" in out else None
                out["one_date_s"] = out["one_date"]["total_s"]
                return out

            results["pipeline"] = _section("pipeline", errors, run_pipeline)
            if results["pipeline"] is None:
                errors["rest"] = "skipped: the pipeline did not load a database to measure"
            else:
                results["dataset"] = "all snapshot dates" if not args.quick else f"one date ({args.date})"
                _section("analyze", errors, lambda: _analyze(serving))
                results["graph_load"] = _section("graph load", errors, lambda: _graph(serving, args))
                results["sql_vs_cypher"] = _section(
                    "SQL vs Cypher", errors, lambda: sql_vs_cypher.run(serving.reader_dsn, args.sql_iterations)
                )
                _api_sections(results, errors, serving, embeddings_url, args)
        finally:
            drop_bench_database(serving)
    results["targets"] = evaluate_targets(results)
    results["errors"] = errors
    return results


def _analyze(db: BenchDatabase) -> None:
    """Fresh statistics before measuring reads: dbt rebuilds the marts as new tables, which autovacuum analyzes
    only about a minute later; until then the planner guesses (e.g. a sequential scan for the trigram search)."""
    with psycopg.connect(db.loader_dsn, autocommit=True) as conn:
        conn.execute("analyze")


def _graph(db: BenchDatabase, args: argparse.Namespace) -> dict[str, Any]:
    output = args.output_dir / "graph_load.json"
    code = graph_load.main(["--dsn", db.loader_dsn, "--bulk-runs", str(args.graph_runs), "--output", str(output)])
    if code != 0:
        raise RuntimeError(f"bench/graph_load.py exited with {code}")
    return json.loads(output.read_text(encoding="utf-8"))


def _api_sections(
    results: dict[str, Any], errors: dict[str, str], db: BenchDatabase, embeddings_url: str, args: argparse.Namespace
) -> None:
    """The API as `make run` serves it (with the few-shot embedding lookup), then once more with rules alone."""

    def load(server: RunningServer, url: str | None, scenarios: tuple[str, ...]) -> dict[str, Any]:
        meter = CpuMeter(server.pid, db.cluster.admin_dsn("postgres"), db.name, embeddings_pid(url))
        return api_load.run(
            server.base_url, db.reader_dsn, args.api_runs, args.api_duration, args.api_max_requests, meter, scenarios
        )

    try:
        with api_server(db.name, embeddings_url) as server:
            api = _section("API under load", errors, lambda: load(server, embeddings_url, api_load.SCENARIOS))
            results["notify_sse"] = _section(
                "NOTIFY → SSE", errors, lambda: notify_sse.run(server.base_url, db.loader_dsn, args.sse_events)
            )
        if api is not None:
            results["api"] = {**api, "database": results.get("dataset"), "embeddings": "with"}
            with api_server(db.name, None) as server:
                rules = _section("API under load, rules only", errors, lambda: load(server, None, ("ask",)))
            if rules is not None:
                results["api"]["ask_rules_only"] = rules["ask"]
    except Exception as exc:  # the sections catch their own failures: this is a server's start or stop
        traceback.print_exc(file=sys.stderr)
        errors["API server"] = f"{type(exc).__name__}: {str(exc).strip()[:500]}"


def write_outputs(results: dict[str, Any], output_dir: Path, update_readme: bool) -> None:
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "latest.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    markdown = render_markdown(results)
    (output_dir / "latest.md").write_text(markdown, encoding="utf-8")
    log(f"wrote {output_dir / 'latest.json'} and {output_dir / 'latest.md'}")
    if update_readme:
        README.write_text(replace_readme_block(README.read_text(encoding="utf-8"), markdown), encoding="utf-8")
        log(f"updated the benchmark table in {README}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for name in UNSET_ENV:
        os.environ.pop(name, None)
    results = run(args, _command(argv))
    write_outputs(results, args.output_dir, not args.no_readme)
    for target in results["targets"]:
        verdict = {True: "met", False: "MISSED", None: "not measured"}[target["met"]]
        log(f"target {target['label']} {target['target']}: {target['measured']} ({verdict})")
    if results["errors"]:
        log(f"failed sections: {', '.join(results['errors'])}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

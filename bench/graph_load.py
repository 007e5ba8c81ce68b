"""Graph load benchmark: the bulk loader vs per-row Cypher CREATE vs a plain COPY, on the latest holdings date.

    .venv/bin/python bench/graph_load.py [--dsn DSN] [--bulk-runs 3] [--output bench/results/graph_load.json]

- bulk: `graph_loader.build_graph` into the graph `bench_graph_bulk` (the same code path as `etf_graph`, including the
  build-beside-and-switch); the median of --bulk-runs runs.
- per-row: the same vertices and edges in the graph `bench_graph_rows`, one parameterised Cypher statement per
  vertex / edge through atlas.cypher.run_cypher (prepared), all in one transaction (the kindest setting for per-row),
  with the same indexes (vertex indexes before the edges, so MATCH by key is an index lookup) and ANALYZE.
  Only if the edges would take longer than --per-row-budget seconds is the rest extrapolated from the measured rate,
  and the output says so.
- copy: COPY of the same rows (label, keys, properties) into a temporary table, with the properties column typed
  agtype (copy_s, the graph's type) and text (copy_text_s); medians of --bulk-runs runs.
Prints JSON to stdout and writes it to --output. Both bench graphs are dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from atlas.config import Settings
from atlas.cypher import COLUMN_PATTERN, decode_agtype, run_cypher
from atlas.db.cluster import resolve_cluster
from graph_loader import build_graph, catalog
from graph_loader.files import sql_fragment, sql_template
from graph_loader.model import EDGE_LABELS, VERTEX_LABELS

BULK_GRAPH = "bench_graph_bulk"
ROWS_GRAPH = "bench_graph_rows"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "graph_load.json"
PER_ROW_BUDGET_S = 600.0  # extrapolate only beyond ten minutes
PROGRESS_EVERY = 5000
# The same rows with the graph's property type (agtype: COPY parses it, as the graph stores it) and as plain text.
COPY_TABLES = {
    "agtype": "create temp table bench_copy (label text, start_key text, end_key text, properties ag_catalog.agtype)",
    "text": "create temp table bench_copy (label text, start_key text, end_key text, properties text)",
}
KEYS = {v.name: v.key for v in VERTEX_LABELS}


@dataclass(frozen=True)
class SourceRow:
    label: str
    start_key: str
    end_key: str | None  # None for vertices
    properties_text: str  # agtype text as the source SQL builds it


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    dsn = args.dsn or _default_dsn()
    with psycopg.connect(dsn, autocommit=True) as conn:
        try:
            result = run(conn, dsn, args.bulk_runs, args.per_row_budget)
        finally:
            _drop_bench_graphs(conn)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    return 0


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dsn", help="loader DSN (default: the dev database of `atlas db url`)")
    parser.add_argument("--bulk-runs", type=int, default=3, help="bulk builds to time (median reported)")
    parser.add_argument("--per-row-budget", type=float, default=PER_ROW_BUDGET_S, help="seconds before extrapolating")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if args.bulk_runs < 1 or args.per_row_budget <= 0:
        parser.error("--bulk-runs must be >= 1 and --per-row-budget > 0")
    return args


def _default_dsn() -> str:
    settings = Settings.from_env()
    return resolve_cluster(settings).loader_dsn(settings.db_name)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(conn: psycopg.Connection[Any], dsn: str, bulk_runs: int, per_row_budget: float) -> dict[str, Any]:
    _drop_bench_graphs(conn)
    bulk = []
    for i in range(bulk_runs):
        result = build_graph(conn, BULK_GRAPH)
        bulk.append(result)
        _log(f"bulk run {i + 1}: {result.timings_s['total']:.3f} s ({result.nodes} nodes, {result.edges} edges)")
    bulk_s = statistics.median(r.timings_s["total"] for r in bulk)
    # The insert phases alone (what a COPY of the rows also does; no indexes, ANALYZE or switch).
    load_s = statistics.median(r.timings_s["vertices"] + r.timings_s["edges"] for r in bulk)
    as_of = bulk[-1].as_of

    rows = _source_rows(dsn, as_of)
    copy_runs = {kind: [_time_copy(conn, rows, kind) for _ in range(bulk_runs)] for kind in COPY_TABLES}
    copy_s, copy_text_s = (statistics.median(copy_runs[kind]) for kind in ("agtype", "text"))
    _log(f"copy of {len(rows)} rows: {copy_s:.3f} s (agtype column), {copy_text_s:.3f} s (text column)")

    per_row = _per_row_load(conn, rows, per_row_budget)
    _log(f"per-row: {per_row['seconds']:.1f} s ({per_row['statements']} statements)")
    same = per_row["node_counts"] == bulk[-1].node_counts and per_row["edge_counts"] == bulk[-1].edge_counts
    if not per_row["extrapolated"] and not same:
        raise SystemExit(f"per-row graph differs from the bulk graph: {per_row} vs {bulk[-1].metadata()}")

    return {
        "bulk_s": round(bulk_s, 4),
        "per_row_s": round(per_row["seconds"], 3),
        "ratio": round(per_row["seconds"] / bulk_s, 1),
        "copy_s": round(copy_s, 4),
        "copy_ratio": round(bulk_s / copy_s, 2),
        "copy_text_s": round(copy_text_s, 4),
        "copy_text_ratio": round(bulk_s / copy_text_s, 2),
        "load_s": round(load_s, 4),
        "load_copy_ratio": round(load_s / copy_s, 2),
        "nodes": bulk[-1].nodes,
        "edges": bulk[-1].edges,
        "as_of": as_of.isoformat(),
        "machine": {
            "cores": os.cpu_count(),
            "load_avg_1m_at_end": round(os.getloadavg()[0], 2),  # the machine is shared: context for the figures
            "server": conn.info.parameter_status("server_version"),
        },
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "extrapolated": per_row["extrapolated"],
        "notes": {
            "ratio": "per_row_s / bulk_s",
            "copy_ratio": "bulk_s / copy_s: COPY of the same rows into a temp table whose properties column is agtype "
            "(the graph's type); bulk also builds indexes, runs ANALYZE and switches the graph",
            "copy_text_ratio": "bulk_s / copy_text_s: the same COPY with properties as text (no agtype parsing)",
            "load_copy_ratio": "load_s / copy_s: the bulk build's vertex and edge insert phases only, versus COPY",
            "bulk": "graph_loader.build_graph, median of the runs, whole call",
            "per_row": "one prepared Cypher CREATE per vertex/edge, one transaction, same indexes and ANALYZE",
        },
        "bulk_runs_s": [round(r.timings_s["total"], 4) for r in bulk],
        "copy_runs_s": {kind: [round(t, 4) for t in runs] for kind, runs in copy_runs.items()},
        "bulk_phases_s": bulk[-1].metadata()["timings_s"],
        "per_row": {k: v for k, v in per_row.items() if k not in ("node_counts", "edge_counts")},
        "node_counts": bulk[-1].node_counts,
        "edge_counts": bulk[-1].edge_counts,
        "per_row_matches_bulk": same,
    }


def _source_rows(dsn: str, as_of: date) -> list[SourceRow]:
    """The loader's own source queries: exactly the rows the bulk build reads (agtype as text, undecoded)."""
    rows: list[SourceRow] = []
    # A connection without the agtype loader that run_cypher registers: properties stay agtype text.
    with psycopg.connect(dsn, autocommit=True) as plain:
        for vertex in VERTEX_LABELS:
            for key, props in plain.execute(sql_fragment(vertex.source), {"as_of": as_of}):
                rows.append(SourceRow(vertex.name, key, None, props))
        for edge in EDGE_LABELS:
            for start, end, props in plain.execute(sql_fragment(edge.source), {"as_of": as_of}):
                rows.append(SourceRow(edge.name, start, end, props))
    return rows


def _time_copy(conn: psycopg.Connection[Any], rows: list[SourceRow], kind: str) -> float:
    with conn.transaction():
        conn.execute(COPY_TABLES[kind])
        started = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy("copy bench_copy from stdin") as copy:
            for row in rows:
                copy.write_row((row.label, row.start_key, row.end_key, row.properties_text))
        elapsed = time.perf_counter() - started
        conn.execute("drop table bench_copy")
    return elapsed


def _create_query(label: str, properties: dict[str, Any], edge: tuple[str, str] | None) -> str:
    for name in properties:
        if not COLUMN_PATTERN.fullmatch(name):
            raise ValueError(f"property {name!r} cannot be a Cypher parameter name")
    body = ", ".join(f"{name}: ${name}" for name in properties)
    props = f" {{{body}}}" if body else ""
    if edge is None:
        return f"CREATE (:{label}{props})"
    start, end = edge
    return (
        f"MATCH (a:{start} {{{KEYS[start]}: $start_key}}), (b:{end} {{{KEYS[end]}: $end_key}}) "
        f"CREATE (a)-[:{label}{props}]->(b)"
    )


def _per_row_load(conn: psycopg.Connection[Any], rows: list[SourceRow], budget: float) -> dict[str, Any]:
    vertex_rows = [r for r in rows if r.end_key is None]
    edge_rows = [r for r in rows if r.end_key is not None]
    ends = {e.name: (e.start, e.end) for e in EDGE_LABELS}
    timings: dict[str, float] = {}
    started = time.perf_counter()
    measured_edges = 0
    with conn.transaction():
        catalog.create_graph(conn, ROWS_GRAPH)
        clock = time.perf_counter()
        for i, row in enumerate(vertex_rows, 1):
            props = decode_agtype(row.properties_text)
            run_cypher(conn, _create_query(row.label, props, None), props, ("v",), graph=ROWS_GRAPH)
            if i % PROGRESS_EVERY == 0:
                _log(f"  per-row vertices: {i}/{len(vertex_rows)}")
        timings["vertices"] = time.perf_counter() - clock

        clock = time.perf_counter()
        _create_indexes(conn, edges=False)
        timings["vertex_indexes"] = time.perf_counter() - clock

        clock = time.perf_counter()
        for row in edge_rows:
            props = decode_agtype(row.properties_text)
            query = _create_query(row.label, props, ends[row.label])
            params = {**props, "start_key": row.start_key, "end_key": row.end_key}
            run_cypher(conn, query, params, ("v",), graph=ROWS_GRAPH)
            measured_edges += 1
            if measured_edges % PROGRESS_EVERY == 0:
                _log(f"  per-row edges: {measured_edges}/{len(edge_rows)}")
            elapsed = time.perf_counter() - clock
            if measured_edges >= 2000 and elapsed / measured_edges * len(edge_rows) > budget:
                break
        measured_s = time.perf_counter() - clock
        extrapolated = measured_edges < len(edge_rows)
        timings["edges"] = measured_s / measured_edges * len(edge_rows) if extrapolated else measured_s
        if extrapolated:
            _log(f"  EXTRAPOLATED: measured {measured_edges} of {len(edge_rows)} edges in {measured_s:.1f} s")

        clock = time.perf_counter()
        _create_indexes(conn, edges=True)
        for label in (*(v.name for v in VERTEX_LABELS), *(e.name for e in EDGE_LABELS)):
            conn.execute(sql.SQL("analyze {}").format(catalog.label_table(ROWS_GRAPH, label)))
        timings["edge_indexes_and_analyze"] = time.perf_counter() - clock
        counts = {label: _count(conn, label) for label in (*KEYS, *(e.name for e in EDGE_LABELS))}
    # Wall time of the whole per-row load; when extrapolated, the unmeasured edges are added at the measured rate.
    total = time.perf_counter() - started + (timings["edges"] - measured_s)
    return {
        "seconds": total,
        "statements": len(vertex_rows) + measured_edges,
        "measured_edges": measured_edges,
        "total_edges": len(edge_rows),
        "extrapolated": extrapolated,
        "phases_s": {k: round(v, 3) for k, v in timings.items()},
        "node_counts": {label: counts[label] for label in KEYS},
        "edge_counts": {e.name: counts[e.name] for e in EDGE_LABELS},
    }


def _create_indexes(conn: psycopg.Connection[Any], *, edges: bool) -> None:
    if edges:
        for e in EDGE_LABELS:
            conn.execute(sql_template("edge_indexes.sql").format(table=catalog.label_table(ROWS_GRAPH, e.name)))
        return
    for v in VERTEX_LABELS:
        key = sql.SQL("{}::ag_catalog.agtype").format(sql.Literal(f'"{v.key}"'))
        conn.execute(sql_template("vertex_indexes.sql").format(table=catalog.label_table(ROWS_GRAPH, v.name), key=key))
        conn.execute(sql.SQL("analyze {}").format(catalog.label_table(ROWS_GRAPH, v.name)))


def _count(conn: psycopg.Connection[Any], label: str) -> int:
    row = conn.execute(sql.SQL("select count(*) from {}").format(catalog.label_table(ROWS_GRAPH, label))).fetchone()
    return int(row[0]) if row else 0


def _drop_bench_graphs(conn: psycopg.Connection[Any]) -> None:
    if conn.closed:
        return
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        conn.rollback()
    for name in catalog.graph_names(conn, re.compile(r"bench_graph_(bulk|rows)(_(build|old)_\d+)?")):
        catalog.drop_graph(conn, name)


if __name__ == "__main__":
    sys.exit(main())

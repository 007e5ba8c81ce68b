"""The same question through its SQL route and its Cypher route: the API's own twin queries, side by side.

"Which ETFs hold Samsung Electronics (005930), by weight": query_api/sql/ask_stock_holders.sql on
marts.fct_etf_holdings versus ask_stock_holders.cypher on the graph through atlas.cypher.run_cypher; and "ETFs
similar to KODEX 200 (069500)": ask_similar_etfs.sql (marts.mart_etf_overlap) versus ask_similar_etfs.cypher.
Both on the read-only role, one connection each, interleaved, after a warm-up; both routes must return the same
rows. Standalone (read-only, so the dev database is fine):

    .venv/bin/python -m bench.sql_vs_cypher [--db etf_atlas] [--iterations 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row

from atlas.cypher import run_cypher
from bench.environment import log, settings_and_cluster
from bench.stats import latency_summary
from query_api.db import load_cypher, load_sql

WARM_UP = 20
ALL_ROWS = 10_000  # the SQL twin takes a limit; this one never cuts the list


@dataclass(frozen=True)
class Twin:
    name: str
    question: str
    query: str  # file name of both twins under query_api/sql
    sql_params: dict[str, Any]
    cypher_params: dict[str, Any]
    columns: tuple[str, ...]  # Cypher result columns
    key: Callable[[dict[str, Any]], tuple[Any, ...]]  # one row's comparable figures (same for both routes)
    sql_key: Callable[[dict[str, Any]], tuple[Any, ...]]
    cypher_limit: int | None = None


TWINS = (
    Twin(
        "stock_holders",
        "ETFs holding 005930 (Samsung Electronics), by weight: every holder",
        "ask_stock_holders",
        {"code": "005930", "as_of": None, "limit": ALL_ROWS},
        {"code": "005930"},
        ("ticker", "name", "weight", "as_of"),
        key=lambda r: (r["ticker"], round(float(r["weight"]), 4)),
        sql_key=lambda r: (r["ticker"], round(float(r["weight_pct"]), 4)),
    ),
    Twin(
        "similar_etfs",
        "ETFs most similar to 069500 (KODEX 200) by holdings overlap: top 10",
        "ask_similar_etfs",
        {"ticker": "069500", "tickers": None, "limit": 10},
        {"ticker": "069500"},
        ("ticker", "name", "overlap", "rank"),
        key=lambda r: (r["ticker"], int(r["rank"])),
        sql_key=lambda r: (r["ticker"], int(r["rank"])),
        cypher_limit=10,
    ),
)


def _sql(conn: psycopg.Connection[Any], twin: Twin) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(load_sql(twin.query), twin.sql_params, prepare=True).fetchall()


def _cypher(conn: psycopg.Connection[Any], twin: Twin) -> list[dict[str, Any]]:
    return run_cypher(conn, load_cypher(twin.query), twin.cypher_params, twin.columns, limit=twin.cypher_limit)


def compare(twin: Twin, sql_conn: psycopg.Connection[Any], cy_conn: psycopg.Connection[Any], n: int) -> dict[str, Any]:
    sql_rows, cy_rows = _sql(sql_conn, twin), _cypher(cy_conn, twin)
    if not sql_rows:
        raise RuntimeError(f"{twin.name}: the SQL route returned no rows (is the database loaded?)")
    same = sorted(map(twin.sql_key, sql_rows)) == sorted(map(twin.key, cy_rows))
    for _ in range(WARM_UP):
        _sql(sql_conn, twin)
        _cypher(cy_conn, twin)
    times: dict[str, list[float]] = {"sql": [], "cypher": []}
    for _ in range(n):  # interleaved: both routes see the same machine load
        for route, run, conn in (("sql", _sql, sql_conn), ("cypher", _cypher, cy_conn)):
            started = time.perf_counter()
            run(conn, twin)
            times[route].append((time.perf_counter() - started) * 1000.0)
    sql_stats, cy_stats = latency_summary(times["sql"]), latency_summary(times["cypher"])
    return {
        "question": twin.question,
        "rows": len(sql_rows),
        "same_rows": same,
        "sql": sql_stats,
        "cypher": cy_stats,
        "cypher_over_sql_p50": round(float(cy_stats["p50_ms"]) / float(sql_stats["p50_ms"]), 2),
    }


def run(reader_dsn: str, iterations: int = 300) -> dict[str, Any]:
    out: dict[str, Any] = {"iterations": iterations, "role": "atlas_reader (read-only)"}
    with psycopg.connect(reader_dsn) as sql_conn, psycopg.connect(reader_dsn) as cy_conn:
        for twin in TWINS:
            out[twin.name] = compare(twin, sql_conn, cy_conn, iterations)
            r = out[twin.name]
            log(f"SQL vs Cypher, {twin.name}: SQL p50 {r['sql']['p50_ms']} ms, Cypher p50 {r['cypher']['p50_ms']} ms")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database (default: the configured dev database)")
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args(argv)
    settings, cluster = settings_and_cluster()
    print(json.dumps(run(cluster.reader_dsn(args.db or settings.db_name), args.iterations), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

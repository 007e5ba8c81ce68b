"""Few-shot retrieval benchmark: time per nearest-example lookup, excluding the embedding call.

    .venv/bin/python bench/fewshot_retrieval.py [--lookups 2000] [--k 5] [--output bench/results/fewshot_retrieval.json]

Syncs seeds/fewshot into fewshot.examples of the configured database (what the fewshot_embeddings asset does;
idempotent), embeds every example's masked question once (the query vectors), then times `atlas.fewshot.retrieve`
on one read-only connection (the API's role), round-robin over those vectors, after a warm-up. Measured twice: as the
planner chooses (a few hundred rows: it may scan them all) and with sequential scans disabled (the HNSW index).
The embedding call is timed separately for reference. Prints JSON and writes it to --output.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psycopg

from atlas.config import Settings
from atlas.db.cluster import resolve_cluster
from atlas.embeddings import Embedder
from atlas.fewshot import load_examples, retrieve, sync_examples
from atlas.fewshot.sql import statement

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "fewshot_retrieval.json"
WARM_UP = 100
VECTOR_LITERAL = re.compile(r"'\[[^\]]*\]'::vector")  # keeps the printed plan readable


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 4)

    return {
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "mean_ms": round(statistics.fmean(ordered), 4),
        "max_ms": round(ordered[-1], 4),
    }


@contextmanager
def _seqscan(conn: psycopg.Connection, enabled: bool) -> Iterator[None]:
    conn.execute(f"set enable_seqscan = {'on' if enabled else 'off'}")
    try:
        yield
    finally:
        conn.execute("reset enable_seqscan")


def _time_lookups(conn: psycopg.Connection, vectors: np.ndarray, lookups: int, k: int) -> dict[str, Any]:
    for i in range(WARM_UP):
        retrieve(conn, vectors[i % len(vectors)], k)
    samples = []
    for i in range(lookups):
        vector = vectors[i % len(vectors)]
        start = time.perf_counter()
        retrieve(conn, vector, k)
        samples.append((time.perf_counter() - start) * 1000)
    plan = conn.execute("explain " + statement("nearest"), {"vector": vectors[0], "k": k}).fetchall()
    return {**_percentiles(samples), "plan": [VECTOR_LITERAL.sub("$vector", row[0]) for row in plan]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    cluster = resolve_cluster(settings)
    examples = load_examples()
    embedder = Embedder.from_settings(settings)
    with psycopg.connect(cluster.loader_dsn(settings.db_name), autocommit=True) as loader:
        synced = sync_examples(loader, examples, embedder)

    texts = [ex.masked_question for ex in examples]
    vectors = embedder.embed(texts)
    embed_ms = []
    for text in texts[:50]:
        start = time.perf_counter()
        embedder.embed_one(text)
        embed_ms.append((time.perf_counter() - start) * 1000)

    with psycopg.connect(cluster.reader_dsn(settings.db_name), autocommit=True) as reader:
        rows = reader.execute("select count(*) from fewshot.examples").fetchone()[0]
        with _seqscan(reader, enabled=True):
            planner = _time_lookups(reader, vectors, args.lookups, args.k)
        with _seqscan(reader, enabled=False):
            hnsw = _time_lookups(reader, vectors, args.lookups, args.k)

    result = {
        "benchmark": "fewshot_retrieval",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": settings.db_name,
        "rows": rows,
        "model": synced.model,
        "dimensions": synced.dim,
        "sync": {"embedded": synced.embedded, "skipped": synced.skipped, "deleted": synced.deleted},
        "lookups": args.lookups,
        "k": args.k,
        "retrieve_planner_choice": planner,
        "retrieve_hnsw_forced": hnsw,
        "embedding_call_ms": _percentiles(embed_ms),
        "target_ms": 5.0,
        "meets_target": planner["p50_ms"] < 5.0 and hnsw["p50_ms"] < 5.0,
    }
    text = json.dumps(result, ensure_ascii=False, indent=2)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

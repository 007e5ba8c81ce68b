"""Parser benchmark: time per question of `query_api.router.parse.parse` after warm-up, and dictionary build time.

    .venv/bin/python bench/parse_speed.py [--db etf_atlas] [--rounds 5] [--output bench/results/parse_speed.json]

Loads the dictionary from the database (`load_dictionary`, timed), then parses every question of the development set
(seeds/eval/questions.yaml) `--rounds` times after one warm-up pass. Also reports how many parses give the gold
intent (ir.intent_of of the parsed query vs the question's `intent`). Prints JSON and writes it to --output.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import yaml
from psycopg.rows import dict_row

from atlas.config import Settings
from atlas.db.cluster import resolve_cluster
from query_api.router import ir
from query_api.router.parse import Dictionary, load_dictionary, parse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "parse_speed.json"
QUESTIONS = ROOT / "seeds" / "eval" / "questions.yaml"


async def _dictionary(db: str) -> tuple[Dictionary, float]:
    dsn = resolve_cluster(Settings.from_env()).reader_dsn(db)
    async with await psycopg.AsyncConnection.connect(dsn, row_factory=dict_row) as conn:
        start = time.perf_counter()
        d = await load_dictionary(conn)
        return d, time.perf_counter() - start


def _percentiles(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=100)
    return {
        "p50_ms": round(q[49], 4),
        "p90_ms": round(q[89], 4),
        "p99_ms": round(q[98], 4),
        "max_ms": round(max(ms), 4),
        "mean_ms": round(statistics.fmean(ms), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="etf_atlas")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    d, build_s = asyncio.run(_dictionary(args.db))
    questions: list[dict[str, Any]] = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    for q in questions:  # warm-up
        parse(q["question"], d)
    samples: list[float] = []
    for _ in range(args.rounds):
        for q in questions:
            start = time.perf_counter()
            parse(q["question"], d)
            samples.append((time.perf_counter() - start) * 1000)
    right = sum(ir.intent_of(parse(q["question"], d).query).value == q["intent"] for q in questions)
    result = {
        "benchmark": "parse_speed",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": args.db,
        "dictionary_build_s": round(build_s, 2),
        "questions": len(questions),
        "parses": len(samples),
        **_percentiles(samples),
        "intent_match": right,
        "intent_match_rate": round(right / len(questions), 4),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

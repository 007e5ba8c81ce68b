"""API under load: /v1/ask (every intent of the evaluation set), /v1/etfs?q= and /v1/stocks/{code}/etfs.

`ask_holdout3` (and `ask_holdout2`, `ask_holdout4` ... one per held-out set of query_api.eval_set): /v1/ask cycling
through the question texts of seeds/eval/holdout3.yaml (only the `question` fields are read, never the gold; reported
by id) with the server's answer cache off (ATLAS_API_ANSWER_CACHE=off), the issue-11 target: p50 < 25 ms / p99 < 100 ms
at 16 clients, p50 < 5 ms at 1:

    .venv/bin/python -m bench.api_load --scenarios ask_holdout3 --no-embeddings

(`atlas serve` runs 2 worker processes on a machine with two cores or more unless ATLAS_API_WORKERS says otherwise.)

`atlas serve` runs as its own process on a free loopback port; this process is the load generator. Each scenario
runs at 1, 4 and 16 clients, several times per level (the figures are medians over the runs); each run is bounded
in seconds and requests. Standalone (read-only, so the dev database is fine):

    .venv/bin/python -m bench.api_load [--db etf_atlas] [--runs 3] [--duration 8] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import partial
from itertools import zip_longest
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psycopg
import yaml

from bench.api_server import api_server
from bench.api_server import workers as api_workers
from bench.cpu import CpuMeter
from bench.environment import embeddings_pid, embeddings_server, log, settings_and_cluster
from bench.load import RequestSpec, run_load, use_fast_loop, warm_up
from bench.stats import median_of_runs
from query_api.eval_set import EVAL_SETS, HOLDOUT_SETS

EVAL_QUESTIONS = EVAL_SETS["questions"]
CONCURRENCY = (1, 4, 16)
SCENARIOS = ("ask", "ask_repeat", "search", "stock_etfs")
# Run when named; they turn the answer cache off (every answer computed). ask_holdout3 is issue 11's target mix.
EXTRA_SCENARIOS = tuple(f"ask_{name}" for name in HOLDOUT_SETS[1:])
# Names, brand aliases (코덱스 → KODEX), tickers, themes, English and typos: what people type into a search box.
SEARCH_TERMS = (
    "코덱스 200",
    "kodex",
    "타이거 나스닥",
    "반도체",
    "069500",
    "ACE 200",
    "미국S&P500",
    "kodx 200",
    "2차전지",
    "레버리지",
    "RISE",
    "인버스",
    "채권",
    "TIGER 미국나스닥100",
    "금현물",
    "배당",
    "아리랑",
    "S&P",
    "코스닥150",
    "삼성",
)
# Instruments held by the most ETFs on the latest holdings date: the /v1/stocks/{code}/etfs calls people make.
MOST_HELD = """
select instrument_code
from marts.fct_etf_holdings
where trade_date = (select max(trade_date) from marts.fct_etf_holdings) and not is_cash
group by instrument_code
order by count(*) desc, instrument_code
limit %(n)s
"""


def ask_specs(path: Path = EVAL_QUESTIONS, uncached: bool = True) -> tuple[list[RequestSpec], dict[str, int]]:
    """Every evaluation question, interleaved by intent so that any window of the list mixes all intents.

    `uncached`: each request carries a distinct as_of after the loaded dates (same answer, no cache hit)."""
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    by_intent: dict[str, list[str]] = {}
    for q in questions:
        by_intent.setdefault(q["intent"], []).append(q["question"])
    interleaved = [q for group in zip_longest(*by_intent.values()) for q in group if q is not None]
    specs = [RequestSpec("POST", "/v1/ask", {"question": q}, unique_as_of=uncached) for q in interleaved]
    return specs, {intent: len(qs) for intent, qs in by_intent.items()}


def holdout_specs(path: Path = EVAL_SETS["holdout2"], hide: bool = False) -> list[RequestSpec]:
    """The held-out question texts, in file order (only `question` is read: the benchmark never sees the gold);
    `hide` labels them by id in the report, for a set that has not had its one evaluation run yet."""
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [
        RequestSpec(
            "POST", "/v1/ask", {"question": str(q["question"])}, tag=f"[{path.stem} {q['id']}]" if hide else None
        )
        for q in questions
    ]


def search_specs() -> list[RequestSpec]:
    return [RequestSpec("GET", f"/v1/etfs?q={quote(term)}&limit=20") for term in SEARCH_TERMS]


def stock_specs(reader_dsn: str, n: int = 30) -> list[RequestSpec]:
    with psycopg.connect(reader_dsn, connect_timeout=5) as conn:
        codes = [row[0] for row in conn.execute(MOST_HELD, {"n": n})]
    if not codes:
        raise RuntimeError("no holdings in the database: load it before the API benchmark")
    return [RequestSpec("GET", f"/v1/stocks/{quote(code)}/etfs?limit=100") for code in codes]


def empty_results(base_url: str, specs: list[RequestSpec]) -> list[str]:
    """Requests whose answer lists nothing (`count` 0): a search that finds no ETF is worth a look."""
    with httpx.Client(base_url=base_url, timeout=10.0) as client:
        return [spec.label() for spec in specs if client.request(spec.method, spec.path).json().get("count") == 0]


def run_scenario(
    base_url: str,
    specs: list[RequestSpec],
    runs: int,
    duration_s: float,
    max_requests: int,
    server_timing: bool,
    meter: CpuMeter | None = None,
) -> dict[str, Any]:
    asyncio.run(warm_up(base_url, specs, min(len(specs), 60)))
    levels: dict[str, Any] = {}
    for clients in CONCURRENCY:
        results = [
            asyncio.run(run_load(base_url, specs, clients, duration_s, max_requests, server_timing, meter))
            for _ in range(runs)
        ]
        errors = [r.pop("first_error") for r in results if "first_error" in r]
        level = {**median_of_runs(results), "runs": runs}
        level["errors"] = sum(r["errors"] for r in results)  # every error counts, not the median run's
        level["server_errors"] = sum(r["server_errors"] for r in results)
        if errors:
            level["first_error"] = errors[0]
        levels[f"c{clients}"] = level
        cpu = ", CPU ms/req " + " ".join(
            f"{part} {level[f'cpu_ms_per_req_{part}']}"
            for part in ("server", "db", "embeddings", "client")
            if f"cpu_ms_per_req_{part}" in level
        )
        log(f"  {clients:>2} clients: p50 {level['p50_ms']} ms, p99 {level['p99_ms']} ms, {level['rps']} rps{cpu}")
    return levels


def run(
    base_url: str,
    reader_dsn: str,
    runs: int = 3,
    duration_s: float = 8.0,
    max_requests: int = 4000,
    meter: CpuMeter | None = None,
    scenarios: tuple[str, ...] = SCENARIOS,
) -> dict[str, Any]:
    asks, intents = ask_specs()
    builders = {
        "ask_holdout2": holdout_specs,
        **{f"ask_{name}": partial(holdout_specs, EVAL_SETS[name], hide=True) for name in HOLDOUT_SETS[2:]},
        "ask": lambda: asks,
        "ask_repeat": lambda: ask_specs(uncached=False)[0],
        "search": search_specs,
        "stock_etfs": lambda: stock_specs(reader_dsn),
    }
    unknown = set(scenarios) - set(builders)
    if unknown:
        raise ValueError(f"unknown scenarios {sorted(unknown)}; known: {', '.join(builders)}")
    out: dict[str, Any] = {}
    for name in scenarios:
        specs, server_timing = builders[name](), name.startswith("ask")
        log(f"API load: {name} ({len(specs)} distinct requests)")
        out[name] = run_scenario(base_url, specs, runs, duration_s, max_requests, server_timing, meter)
        if name in ("search", "stock_etfs"):
            out[name]["empty_results"] = empty_results(base_url, specs)
    out["setup"] = {
        "clients": list(CONCURRENCY),
        "runs_per_level": runs,
        "seconds_per_run": duration_s,
        "max_requests_per_run": max_requests,
        "ask_questions_per_intent": intents,
        "search_terms": len(SEARCH_TERMS),
        "generator": "closed-loop asyncio clients (bench/rawhttp.py), separate process, a keep-alive connection each",
        "ask": "every request routed and executed: a distinct as_of after the loaded dates defeats the answer cache",
        "ask_repeat": "the same questions as they are: after the first round mostly answer-cache hits",
        "ask_holdout2": "holdout2 question texts as they are, the server's answer cache off (ATLAS_API_ANSWER_CACHE)",
        **{f"ask_{n}": f"{n} question texts (labelled by id), the server's answer cache off" for n in HOLDOUT_SETS[2:]},
        "api_workers": api_workers(),
    }
    return out


@contextmanager
def embeddings_or_none(enabled: bool) -> Iterator[str | None]:
    with embeddings_server() if enabled else nullcontext(None) as url:
        yield url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database to serve (default: the configured dev database)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per run")
    parser.add_argument("--max-requests", type=int, default=4000, help="requests per run")
    parser.add_argument("--no-embeddings", action="store_true", help="rules-only routing (no few-shot lookup)")
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"comma-separated subset of {', '.join(SCENARIOS + EXTRA_SCENARIOS)}",
    )
    args = parser.parse_args(argv)
    use_fast_loop()
    scenarios = tuple(name.strip() for name in args.scenarios.split(",") if name.strip())
    if set(scenarios) & set(EXTRA_SCENARIOS):
        os.environ["ATLAS_API_ANSWER_CACHE"] = "off"  # the server inherits it: every answer is computed
    settings, cluster = settings_and_cluster()
    db_name = args.db or settings.db_name
    with embeddings_or_none(not args.no_embeddings) as url, api_server(db_name, url) as server:
        meter = CpuMeter(server.pid, cluster.admin_dsn("postgres"), db_name, embeddings_pid(url))
        reader_dsn = cluster.reader_dsn(db_name)
        result = run(server.base_url, reader_dsn, args.runs, args.duration, args.max_requests, meter, scenarios)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

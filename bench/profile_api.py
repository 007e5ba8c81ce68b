"""Where the API's time goes under load: py-spy samples `atlas serve` while the load generator runs one scenario.

    .venv/bin/python -m bench.profile_api [--db etf_atlas] [--clients 16] [--seconds 10] [--no-embeddings]
                                          [--scenario ask|ask_holdout3|ask_holdout5|search|stock_etfs]

Prints (and writes to bench/results/profile_<scenario>.json) the functions with the most samples, by own time
(the frame on top of the stack) and inclusive (anywhere on the stack), as file:function; the raw collapsed stacks
go next to it (profile_<scenario>.txt, loadable in speedscope). Only samples holding the GIL count (py-spy --gil):
the Python CPU time, without idle threads. The database is only read.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bench import api_load
from bench.api_server import api_server
from bench.environment import log, settings_and_cluster
from bench.load import RequestSpec, run_load, use_fast_loop, warm_up
from query_api.eval_set import EVAL_SETS, HOLDOUT_SETS

RESULTS_DIR = Path(__file__).resolve().parent / "results"
HOLDOUTS = {f"ask_{n}": EVAL_SETS[n] for n in HOLDOUT_SETS[2:]}  # answer cache off, as api_load
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
SHORTEN = (re.compile(r"^.*/site-packages/"), re.compile(r"^.*/lib/python3\.\d+/"), re.compile(r"^.*/work/main/"))


def short_frame(frame: str) -> str:
    """`function (/long/path/file.py:12)` → `file.py:function`, with site-packages and project prefixes cut."""
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for pattern in SHORTEN:
        path = pattern.sub("", path)
    return f"{path}:{match['function']}"


def aggregate(collapsed: str, top: int = 25) -> dict[str, Any]:
    """Own and inclusive sample counts per file:function from py-spy's raw (collapsed stack) output."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [short_frame(f) for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count

    def share(counter: Counter[str]) -> list[dict[str, Any]]:
        return [{"frame": f, "samples": n, "pct": round(100 * n / total, 1)} for f, n in counter.most_common(top)]

    return {"samples": total, "own": share(own), "inclusive": share(inclusive)}


def scenario_specs(name: str, reader_dsn: str) -> list[RequestSpec]:
    if name == "ask":
        return api_load.ask_specs()[0]
    if name == "search":
        return api_load.search_specs()
    if name == "stock_etfs":
        return api_load.stock_specs(reader_dsn)
    if name in HOLDOUTS:
        return api_load.holdout_specs(HOLDOUTS[name], hide=True)
    raise ValueError(f"unknown scenario {name!r}")


def profile(
    base_url: str, pid: int, specs: list[RequestSpec], clients: int, seconds: float, raw: Path, server_timing: bool
) -> dict[str, Any]:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    asyncio.run(warm_up(base_url, specs, min(len(specs), 60)))
    command = [
        py_spy,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(int(seconds)),
        "--rate",
        "200",
        "--gil",
        "--subprocesses",
    ]
    sampler = subprocess.Popen(
        [*command, "--format", "raw", "--output", str(raw)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        load = asyncio.run(run_load(base_url, specs, clients, seconds, 100_000, server_timing))
        _, err = sampler.communicate(timeout=seconds + 60)
    finally:
        if sampler.poll() is None:
            sampler.kill()
            sampler.wait(timeout=10)
    if sampler.returncode != 0 or not raw.exists():
        raise RuntimeError(f"py-spy failed ({sampler.returncode}): {err.decode(errors='replace')[-500:]}")
    return {"load": load, **aggregate(raw.read_text(encoding="utf-8"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database to serve (default: the configured dev database; only read)")
    parser.add_argument("--scenario", default="ask", choices=("ask", "search", "stock_etfs", *HOLDOUTS))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--output-dir", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    use_fast_loop()
    settings, cluster = settings_and_cluster()
    db_name = args.db or settings.db_name
    args.output_dir.mkdir(parents=True, exist_ok=True)
    raw = args.output_dir / f"profile_{args.scenario}.txt"
    specs = scenario_specs(args.scenario, cluster.reader_dsn(db_name))
    if args.scenario in HOLDOUTS:
        os.environ["ATLAS_API_ANSWER_CACHE"] = "off"  # the server inherits it: every answer is computed
    with api_load.embeddings_or_none(not args.no_embeddings) as url, api_server(db_name, url) as server:
        log(f"profiling {args.scenario} at {args.clients} clients for {args.seconds:.0f} s (pid {server.pid})")
        timing = args.scenario.startswith("ask")
        result = profile(server.base_url, server.pid, specs, args.clients, args.seconds, raw, timing)
    result = {"scenario": args.scenario, "clients": args.clients, "database": db_name, **result}
    text = json.dumps(result, ensure_ascii=False, indent=2)
    (args.output_dir / f"profile_{args.scenario}.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

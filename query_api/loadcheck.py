"""`python -m query_api.loadcheck`: a small closed-loop load generator for `/v1/ask` on loopback.

For profiling the router while changing it (the project's benchmark of record is `make bench`). N clients each send
their next question when the last answer arrives, over keep-alive HTTP/1.1 written directly on asyncio streams, so
the generator itself costs little CPU on a 2-core machine. Bounded by seconds and a request budget per level.

    .venv/bin/python -m query_api.loadcheck --url http://127.0.0.1:PORT --clients 1,4,16 --seconds 8

Questions: every question of seeds/eval/questions.yaml, interleaved by intent, each client starting at its own place.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from itertools import zip_longest
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from query_api.eval_set import EVAL_SETS

TIMEOUT_S = 10.0


def questions(path: Path) -> list[str]:
    by_intent: dict[str, list[str]] = {}
    for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
        by_intent.setdefault(q["intent"], []).append(q["question"])
    return [q for group in zip_longest(*by_intent.values()) for q in group if q is not None]


def request_bytes(host: str, question: str) -> bytes:
    body = json.dumps({"question": question}, ensure_ascii=False).encode()
    head = (
        f"POST /v1/ask HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0)
    return status, await reader.readexactly(length)


async def level(url: str, texts: list[str], clients: int, seconds: float, budget: int) -> dict[str, Any]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    payloads = [request_bytes(f"{host}:{port}", q) for q in texts]
    latencies: list[float] = []
    server_ms: list[float] = []
    errors = [0]
    left = [budget]
    deadline = time.perf_counter() + seconds

    async def client(number: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        index = number * max(1, len(payloads) // clients)
        try:
            while left[0] > 0 and time.perf_counter() < deadline:
                left[0] -= 1
                started = time.perf_counter()
                writer.write(payloads[index % len(payloads)])
                status, body = await asyncio.wait_for(read_response(reader), TIMEOUT_S)
                elapsed = (time.perf_counter() - started) * 1000.0
                if status != 200:
                    errors[0] += 1
                else:
                    latencies.append(elapsed)
                    server_ms.append(float(json.loads(body)["timings_ms"].get("total", 0.0)))
                index += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors[0],
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "server_p50_ms": round(percentile(server_ms, 50), 2),
    }


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1] if pct < 100 else max(values)


async def run(url: str, texts: list[str], levels: list[int], seconds: float, budget: int, warm: int) -> list[dict]:
    await level(url, texts, 1, 60.0, warm)  # pool connections, prepared statements, lazy imports
    return [await level(url, texts, clients, seconds, budget) for clients in levels]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="base URL of a running `atlas serve`, e.g. http://127.0.0.1:8000")
    parser.add_argument("--clients", default="1,4,16", help="comma-separated concurrency levels")
    parser.add_argument("--seconds", type=float, default=8.0, help="seconds per level")
    parser.add_argument("--max-requests", type=int, default=20000, help="request budget per level")
    parser.add_argument("--warm", type=int, default=200, help="requests sent one by one before measuring")
    parser.add_argument("--set", choices=sorted(EVAL_SETS), default="questions", help="which question set")
    args = parser.parse_args(argv)
    texts = questions(EVAL_SETS[args.set])
    levels = [int(x) for x in args.clients.split(",") if x.strip()]
    if not texts or not levels or min(levels) < 1 or args.seconds <= 0:
        print("need questions, concurrency >= 1 and a positive duration", file=sys.stderr)
        return 2
    for row in asyncio.run(run(args.url, texts, levels, args.seconds, args.max_requests, args.warm)):
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A closed-loop async HTTP load generator: N clients, each on its own keep-alive connection (bench/rawhttp.py, light
on CPU so the server keeps the cores), sending its next request when the last returns.

Bounded by a duration and a request budget per run; every latency is measured on the client (the request's whole
round trip on loopback). For /v1/ask the server's own `timings_ms.total` is recorded too, so client queueing and
server work can be told apart.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import unquote

import msgspec

from bench.cpu import CpuMeter
from bench.rawhttp import HttpError, RawConnection
from bench.stats import latency_summary, percentile

REQUEST_TIMEOUT_S = 10.0


def use_fast_loop() -> None:
    """uvloop for the generator's `asyncio.run` calls when it is installed (the server's uvicorn uses it too): the
    client then spends ~15-25 % less CPU per request (holdout5, c1 0.27 → 0.21 ms, c16 0.20 → 0.17 ms), CPU the
    server shares the cores with. Call before the first `asyncio.run`."""
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


# /v1/ask caches answers per (question, as_of). A distinct as_of after the last loaded date gives the same answer
# (the latest data on or before it) and defeats the cache, so every such request is routed and executed.
UNIQUE_AS_OF_FROM = date(2030, 1, 1)
# The API accepts dates up to 2100-12-31: cycle within [2030-01-01, 2100-12-31].
UNIQUE_AS_OF_DAYS = (date(2100, 12, 31) - UNIQUE_AS_OF_FROM).days + 1
_as_of_counter = itertools.count()


def unique_as_of() -> str:
    return (UNIQUE_AS_OF_FROM + timedelta(days=next(_as_of_counter) % UNIQUE_AS_OF_DAYS)).isoformat()


@dataclass(frozen=True)
class RequestSpec:
    method: str
    path: str
    body: dict[str, Any] | None = None
    unique_as_of: bool = False  # add a never-repeated as_of to the JSON body
    tag: str | None = None  # shown instead of the question (a held-out set's texts stay out of the reports)

    def json(self) -> dict[str, Any] | None:
        if self.unique_as_of and self.body is not None:
            return {**self.body, "as_of": unique_as_of()}
        return self.body

    def encoded(self) -> bytes | None:
        body = self.json()
        return None if body is None else msgspec.json.encode(body)

    def label(self) -> str:
        if self.tag:
            return f"{self.method} {unquote(self.path)} {self.tag}"
        question = (self.body or {}).get("question")
        return f"{self.method} {unquote(self.path)}" + (f" {question}" if question else "")


class _Step(msgspec.Struct):
    channel: str = ""


class _Timings(msgspec.Struct):
    """The part of an /v1/ask answer the load generator reads (the rest of the body is skipped unparsed)."""

    timings_ms: dict[str, float] = {}
    plan: list[_Step] = []


_TIMINGS = msgspec.json.Decoder(_Timings)


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    server_ms: dict[str, list[float]] = field(default_factory=dict)  # /v1/ask timings_ms by phase
    by_request: dict[int, list[float]] = field(default_factory=dict)  # latencies per distinct request
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0  # no HTTP answer at all (timeout, connection error)
    fewshot: int = 0  # /v1/ask answers whose plan starts with the few-shot (vector) lookup
    first_error: str | None = None


async def _one(conn: RawConnection, specs: list[RequestSpec], index: int, tally: Tally, server_timing: bool) -> None:
    spec = specs[index]
    body = spec.encoded()
    started = time.perf_counter()
    try:
        status, payload = await conn.request(spec.method, spec.path, body)
    except HttpError as exc:
        tally.failures += 1
        tally.first_error = tally.first_error or f"{spec.path}: {exc}"
        return
    elapsed_ms = (time.perf_counter() - started) * 1000.0
    tally.statuses[status] = tally.statuses.get(status, 0) + 1
    if status >= 400:
        tally.first_error = tally.first_error or f"{spec.path} {spec.body or ''}: HTTP {status}"
        return
    tally.latencies_ms.append(elapsed_ms)
    tally.by_request.setdefault(index, []).append(elapsed_ms)
    if server_timing:
        answer = _TIMINGS.decode(payload)
        for phase, ms in answer.timings_ms.items():
            tally.server_ms.setdefault(phase, []).append(ms)
        # Did the router use the few-shot lookup (it falls back to rules alone when embeddings are slow)?
        tally.fewshot += any(step.channel == "vector" for step in answer.plan)


async def run_load(
    base_url: str,
    specs: list[RequestSpec],
    concurrency: int,
    duration_s: float,
    max_requests: int,
    server_timing: bool = False,
    meter: CpuMeter | None = None,
) -> dict[str, Any]:
    """Closed loop at `concurrency` clients until `duration_s` passes or `max_requests` were sent."""
    if not specs or concurrency < 1 or duration_s <= 0 or max_requests < 1:
        raise ValueError("need requests, concurrency >= 1, a positive duration and budget")
    tally = Tally()
    budget = [max_requests]
    conns = [RawConnection(base_url, REQUEST_TIMEOUT_S) for _ in range(concurrency)]
    try:
        if meter is not None:
            meter.start()
        started = time.perf_counter()
        deadline = started + duration_s

        async def client_loop(number: int) -> None:
            # Each client starts at a different place in the list, so the mix is the same at every concurrency.
            index = number * max(1, len(specs) // concurrency)
            while budget[0] > 0 and time.perf_counter() < deadline:
                budget[0] -= 1
                await _one(conns[number], specs, index % len(specs), tally, server_timing)
                index += 1

        await asyncio.gather(*(client_loop(n) for n in range(concurrency)))
        elapsed = time.perf_counter() - started
        cpu = meter.stop(len(tally.latencies_ms)) if meter is not None else {}
    finally:
        for conn in conns:
            await conn.close()
    if not tally.latencies_ms:
        raise RuntimeError(f"no successful request at {concurrency} clients: {tally.first_error}")
    result: dict[str, Any] = {
        **latency_summary(tally.latencies_ms),
        "rps": round(len(tally.latencies_ms) / elapsed, 1),
        "errors": sum(n for status, n in tally.statuses.items() if status >= 400) + tally.failures,
        "server_errors": sum(n for status, n in tally.statuses.items() if status >= 500) + tally.failures,
        "seconds": round(elapsed, 2),
        **cpu,
    }
    if server_timing and tally.server_ms.get("total"):
        server = latency_summary(tally.server_ms["total"])
        result["server_p50_ms"], result["server_p99_ms"] = server["p50_ms"], server["p99_ms"]
        result["fewshot_share"] = round(tally.fewshot / len(tally.latencies_ms), 3)
        result["server_phases_p50_ms"] = {
            phase: round(percentile(values, 50), 3) for phase, values in tally.server_ms.items()
        }
    result["slowest_requests"] = slowest_requests(specs, tally.by_request)
    if tally.first_error:
        result["first_error"] = tally.first_error[:300]
    return result


def slowest_requests(specs: list[RequestSpec], by_request: dict[int, list[float]], n: int = 5) -> list[dict[str, Any]]:
    """The distinct requests with the highest median latency: where a scenario's tail comes from."""
    medians = sorted(((percentile(v, 50), i) for i, v in by_request.items()), reverse=True)[:n]
    return [{"request": specs[i].label(), "p50_ms": round(ms, 3), "n": len(by_request[i])} for ms, i in medians]


async def warm_up(base_url: str, specs: list[RequestSpec], count: int) -> None:
    """Send `count` requests one by one (pool connections, prepared statements, caches), ignoring the figures."""
    conn = RawConnection(base_url, REQUEST_TIMEOUT_S)
    try:
        for i in range(count):
            spec = specs[i % len(specs)]
            await conn.request(spec.method, spec.path, spec.encoded())
    finally:
        await conn.close()

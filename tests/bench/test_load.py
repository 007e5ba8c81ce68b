"""bench.load over bench.rawhttp against a canned local HTTP server: latencies, the server's phases read from
/v1/ask answers (only timings_ms and the plan's channels are decoded), the few-shot share and errors."""

from __future__ import annotations

import asyncio
import json

import pytest

from bench.load import RequestSpec, run_load

ANSWER = {
    "question": "q",
    "intent": "ATTRIBUTE",
    "plan": [{"step": 1, "channel": "vector", "query": "…", "params": {}}, {"step": 2, "channel": "sql"}],
    "results": [{"step": 1, "channel": "sql", "rows": [{"a": 1}] * 50}],
    "answer": "…",
    "timings_ms": {"parse": 1, "execute": 2.5, "total": 4.25},
}


async def _serve(status: int, body: bytes) -> tuple[asyncio.Server, str]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                await reader.readexactly(length)
                writer.write(b"HTTP/1.1 %d X\r\ncontent-length: %d\r\n\r\n" % (status, len(body)) + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


def test_ask_answers_give_the_server_phases_and_the_few_shot_share() -> None:
    async def main() -> dict:  # type: ignore[type-arg]
        server, url = await _serve(200, json.dumps(ANSWER).encode())
        async with server:
            specs = [RequestSpec("POST", "/v1/ask", {"question": "q"}, tag="[set 1]")]
            return await run_load(url, specs, concurrency=2, duration_s=0.3, max_requests=40, server_timing=True)

    result = asyncio.run(main())
    assert result["n"] == 40 and result["errors"] == 0
    assert result["server_phases_p50_ms"] == {"parse": 1.0, "execute": 2.5, "total": 4.25}
    assert result["server_p50_ms"] == 4.25 and result["fewshot_share"] == 1.0
    assert result["slowest_requests"][0]["request"] == "POST /v1/ask [set 1]"


def test_http_errors_are_counted_not_timed() -> None:
    async def main() -> dict:  # type: ignore[type-arg]
        server, url = await _serve(503, b'{"error": "down"}')
        async with server:
            return await run_load(url, [RequestSpec("GET", "/health")], 1, 10.0, 1, server_timing=False)

    with pytest.raises(RuntimeError, match="HTTP 503"):  # no successful request at all
        asyncio.run(main())

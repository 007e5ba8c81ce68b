"""One socket write per loop turn: a response's head and body leave together, close flushes first."""

from __future__ import annotations

import asyncio
from typing import Any

from query_api.controllers.wire import OneWriteHttpTools, _OneWriteTransport


class FakeTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        assert not self.closed
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default


async def test_writes_of_one_turn_go_out_in_one_write() -> None:
    real = FakeTransport()
    t = _OneWriteTransport(real, asyncio.get_running_loop())  # type: ignore[arg-type]
    t.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
    t.write(b"{}")
    assert real.writes == [] and t.get_write_buffer_size() == 40
    await asyncio.sleep(0)
    assert real.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
    t.write(b"next")
    await asyncio.sleep(0)
    assert real.writes[-1] == b"next" and len(real.writes) == 2


async def test_close_writes_what_was_written_first_and_a_closed_socket_gets_nothing() -> None:
    real = FakeTransport()
    t = _OneWriteTransport(real, asyncio.get_running_loop())  # type: ignore[arg-type]
    t.write(b"bye")
    t.close()
    assert real.writes == [b"bye"] and real.closed
    other = FakeTransport()
    t = _OneWriteTransport(other, asyncio.get_running_loop())  # type: ignore[arg-type]
    t.write(b"late")
    other.closed = True
    await asyncio.sleep(0)
    assert other.writes == []


def test_the_protocol_is_uvicorns_httptools_protocol() -> None:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert issubclass(OneWriteHttpTools, HttpToolsProtocol)

"""`atlas serve` runs uvicorn with the one-write httptools protocol (query_api/controllers/wire.py)."""

from __future__ import annotations

from query_api.controllers.wire import OneWriteHttpTools
from query_api.serve import _uvicorn_options


def test_the_server_writes_each_response_in_one_send() -> None:
    options = _uvicorn_options()
    assert options["http"] is OneWriteHttpTools and options["proxy_headers"] is False

"""KRX_SOURCE strings → transports."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.config import DEFAULT_KRX_DIR
from orchestration.lib.krx import KrxError, LiveTransport, RecordTransport, ReplayTransport, client_from_source
from orchestration.lib.krx.source import parse_source


def test_replay_defaults_to_the_bundled_snapshot() -> None:
    transport = parse_source("replay")
    assert isinstance(transport, ReplayTransport) and transport.root == DEFAULT_KRX_DIR
    assert client_from_source(f"replay:{DEFAULT_KRX_DIR}").kind == "replay"


def test_live_takes_its_base_url_and_credentials_from_the_string_or_the_environment() -> None:
    env = {"KRX_ID": "member", "KRX_PW": "secret", "KRX_LOGIN_URL": "http://127.0.0.1:9/login"}
    transport = parse_source("live:http://127.0.0.1:9", env)
    assert isinstance(transport, LiveTransport)
    assert transport.base_url == "http://127.0.0.1:9" and transport.login_url == "http://127.0.0.1:9/login"
    assert transport._credentials is not None and transport._credentials.member_id == "member"
    assert "secret" not in repr(transport._credentials)
    default = parse_source("live", {"KRX_BASE_URL": "http://127.0.0.1:10"})
    assert isinstance(default, LiveTransport) and default.base_url == "http://127.0.0.1:10"
    assert default._credentials is None
    assert default.login_url == "http://127.0.0.1:10/contents/MDC/COMS/client/MDCCOMS001D1.cmd"


def test_record_writes_under_its_directory(tmp_path: Path) -> None:
    transport = parse_source(f"record:{tmp_path / 'rec'}", {})
    assert isinstance(transport, RecordTransport) and transport.root == tmp_path / "rec"
    assert (tmp_path / "rec").is_dir() and transport.kind == "record"


@pytest.mark.parametrize("text", ["", "record", "record:", "ftp:/x", "replay-ish"])
def test_anything_else_is_a_clear_error(text: str) -> None:
    with pytest.raises(KrxError, match="KRX_SOURCE must be"):
        parse_source(text, {})

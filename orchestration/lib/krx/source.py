"""KRX_SOURCE → transport: `replay[:<dir>]`, `live[:<base url>]`, `record:<dir>`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from atlas.config import DEFAULT_KRX_DIR
from orchestration.lib.krx.errors import KrxError
from orchestration.lib.krx.live import KIND_URL, KRX_BASE_URL, KrxCredentials, LiveTransport, RetryPolicy
from orchestration.lib.krx.record import RecordTransport
from orchestration.lib.krx.replay import ReplayTransport
from orchestration.lib.krx.transport import Transport


def parse_source(krx_source: str, env: Mapping[str, str] = os.environ, policy: RetryPolicy | None = None) -> Transport:
    """The transport a KRX_SOURCE string names.

    `replay` reads atlas.config.DEFAULT_KRX_DIR, `replay:<dir>` another directory; `live` asks KRX
    (`live:<url>` or KRX_BASE_URL for another host, e.g. a local stand-in), `record:<dir>` asks live and
    saves every answer under <dir>. Live logins use KRX_ID/KRX_PW; KRX_LOGIN_URL and KRX_KIND_URL
    override the login and KIND endpoints.
    """
    kind, _, argument = krx_source.strip().partition(":")
    argument = argument.strip()
    if kind == "replay":
        return ReplayTransport(Path(argument) if argument else DEFAULT_KRX_DIR)
    if kind == "live":
        return _live(argument or env.get("KRX_BASE_URL") or KRX_BASE_URL, env, policy)
    if kind == "record" and argument:
        return RecordTransport(_live(env.get("KRX_BASE_URL") or KRX_BASE_URL, env, policy), Path(argument))
    raise KrxError(f"KRX_SOURCE must be replay[:<dir>], live[:<base url>] or record:<dir>; got {krx_source!r}")


def _live(base_url: str, env: Mapping[str, str], policy: RetryPolicy | None) -> LiveTransport:
    return LiveTransport(
        base_url,
        KrxCredentials.from_env(env),
        login_url=env.get("KRX_LOGIN_URL") or None,
        kind_url=env.get("KRX_KIND_URL") or KIND_URL,
        policy=policy or RetryPolicy.from_env(env),
    )

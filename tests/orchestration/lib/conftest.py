"""Shared helpers for the orchestration lib tests: the recorded snapshot and a fake KRX server per test."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from atlas.config import DEFAULT_KRX_DIR
from orchestration.lib.krx import KrxClient, KrxCredentials, LiveTransport, RetryPolicy
from tests.support.fake_krx import FakeKrx

SNAPSHOT = DEFAULT_KRX_DIR
# Fast retries so that fault tests stay short; the fake's slow answers (2 s) exceed the 0.5 s timeout.
TEST_POLICY = RetryPolicy(attempts=3, backoff_s=0.01, timeout_s=0.5, min_interval_s=0.0)


def snapshot_json(code: str, day: str) -> dict[str, Any]:
    return json.loads((SNAPSHOT / code / f"{day}.json").read_text(encoding="utf-8"))


def snapshot_holdings(day: str) -> dict[str, dict[str, Any]]:
    """ETF ISIN → the recorded KRX answer, read directly from the .jsonl.gz."""
    with gzip.open(SNAPSHOT / "MDCSTAT05001" / f"{day}.jsonl.gz", "rt", encoding="utf-8") as lines:
        return {entry["params"]["isuCd"]: entry["response"] for entry in map(json.loads, lines)}


@pytest.fixture
def fake_krx() -> Iterator[FakeKrx]:
    with FakeKrx(SNAPSHOT) as server:
        yield server


def live_client(
    fake: FakeKrx, credentials: KrxCredentials | None = None, policy: RetryPolicy = TEST_POLICY
) -> KrxClient:
    creds = credentials if credentials is not None else KrxCredentials(fake.member_id, fake.password)
    return KrxClient(LiveTransport(fake.base_url, creds, kind_url=fake.kind_url, policy=policy))


@pytest.fixture
def live_krx(fake_krx: FakeKrx) -> Iterator[KrxClient]:
    client = live_client(fake_krx)
    yield client
    client.close()


def copy_snapshot_subset(target: Path, files: list[str]) -> Path:
    """A replay directory holding only some snapshot files (relative paths like MDCSTAT04301/20251230.json)."""
    for name in files:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes((SNAPSHOT / name).read_bytes())
    return target

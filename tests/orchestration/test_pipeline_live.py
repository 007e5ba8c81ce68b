"""The raw stages through the live transport against a local server speaking KRX's protocol:
retries absorb transient faults, a persistent fault fails the partition cleanly, a re-run succeeds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import dagster as dg
import pytest

from atlas.config import DEFAULT_KRX_DIR
from atlas.errors import AtlasError
from orchestration.defs.krx.assets import krx_etf_prices
from orchestration.pipeline import STAGES, Stage, run_pipeline
from orchestration.resources import AtlasDatabase as DatabaseResource
from orchestration.resources import KrxSource
from tests.conftest import AtlasDatabase
from tests.support.fake_krx import FakeKrx

DAY = date(2025, 12, 30)
# Prices only: a live holdings date asks once per ETF (about 1,000 requests), which the loader tests cover.
RAW_DAILY = [Stage("raw daily prices", (krx_etf_prices,), partitioned=True)]
RAW_ALL = [STAGES[0], *RAW_DAILY]
PRICES = "select count(*), sum(tdd_clsprc) from raw.krx_etf_prices where trade_date = %s"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeKrx]:
    with FakeKrx(DEFAULT_KRX_DIR) as server:
        monkeypatch.setenv("KRX_ID", server.member_id)
        monkeypatch.setenv("KRX_PW", server.password)
        monkeypatch.setenv("KRX_KIND_URL", server.kind_url)
        monkeypatch.setenv("KRX_MIN_INTERVAL_S", "0")
        monkeypatch.setenv("KRX_BACKOFF_S", "0.01")
        monkeypatch.setenv("KRX_TIMEOUT_S", "1")
        monkeypatch.setenv("KRX_RETRIES", "3")
        yield server


def _run(db: AtlasDatabase, fake: FakeKrx, stages) -> None:
    resources = {"database": DatabaseResource(dsn=db.loader_dsn), "krx": KrxSource(source=f"live:{fake.base_url}")}
    with dg.DagsterInstance.ephemeral() as instance:
        run_pipeline(DAY, DAY, instance, resources=resources, log=lambda _msg: None, stages=stages)


def test_live_collection_survives_faults_and_fails_cleanly(scratch_db: AtlasDatabase, fake: FakeKrx) -> None:
    _run(scratch_db, fake, RAW_ALL)
    with scratch_db.loader() as conn:
        loaded = conn.execute(PRICES, (DAY,)).fetchone()
        masters = conn.execute("select count(*) from raw.krx_etf_master").fetchone()
    assert loaded[0] == 1058 and masters[0] > 1000
    assert fake.logins >= 1

    # Transient faults (5xx, a timeout, a LOGOUT) are retried or re-logged-in: the date loads again, same rows.
    fake.fail_next("503", "timeout", "logout")
    _run(scratch_db, fake, RAW_DAILY)
    with scratch_db.loader() as conn:
        assert conn.execute(PRICES, (DAY,)).fetchone() == loaded

    # A malformed answer (a maintenance page instead of JSON) fails the partition; the loaded rows stay.
    fake.fail_next("malformed")
    with pytest.raises(AtlasError, match="raw daily"):
        _run(scratch_db, fake, RAW_DAILY)
    with scratch_db.loader() as conn:
        assert conn.execute(PRICES, (DAY,)).fetchone() == loaded

    _run(scratch_db, fake, RAW_DAILY)
    with scratch_db.loader() as conn:
        assert conn.execute(PRICES, (DAY,)).fetchone() == loaded

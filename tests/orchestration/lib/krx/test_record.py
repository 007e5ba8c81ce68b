"""Record transport: live answers saved in the replay format; replaying the recording reproduces them."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

from orchestration.lib.krx import KrxClient, KrxCredentials, LiveTransport, RecordTransport, ReplayTransport
from tests.orchestration.lib.conftest import TEST_POLICY, snapshot_json
from tests.support.fake_krx import FakeKrx

TODAY = date(2026, 2, 2)
ISINS = ("KR7069500007", "KR7114800006", "KR7261140008", "KR7999999995")  # the last one KRX does not know


def _recorder(fake: FakeKrx, root: Path) -> KrxClient:
    live = LiveTransport(
        fake.base_url,
        KrxCredentials(fake.member_id, fake.password),
        kind_url=fake.kind_url,
        policy=TEST_POLICY,
        today=lambda: TODAY,
    )
    return KrxClient(RecordTransport(live, root))


def test_replaying_a_recording_reproduces_every_answer(fake_krx: FakeKrx, tmp_path: Path) -> None:
    recorded: dict[str, object] = {}
    with _recorder(fake_krx, tmp_path) as recorder:
        recorded["etf_master"] = recorder.etf_master()
        recorded["stock_master"] = recorder.stock_master()
        recorded["kind"] = recorder.kind_companies()
        for day in (date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)):
            recorded[f"prices {day}"] = recorder.etf_prices(day)
        for isin in ISINS:
            recorded[f"holdings {isin}"] = recorder.etf_holdings(date(2024, 11, 6), isin)
    requests_while_recording = len(fake_krx.data_requests())

    replay = KrxClient(ReplayTransport(tmp_path))
    replayed: dict[str, object] = {
        "etf_master": replay.etf_master(TODAY),
        "stock_master": replay.stock_master(TODAY),
        "kind": replay.kind_companies(TODAY),
    }
    for day in (date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)):
        replayed[f"prices {day}"] = replay.etf_prices(day)
    for isin in ISINS:
        replayed[f"holdings {isin}"] = replay.etf_holdings(date(2024, 11, 6), isin)
    assert replayed == recorded
    assert len(fake_krx.data_requests()) == requests_while_recording  # replay never asked the server
    assert replay.available_dates("prices") == [date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)]
    assert replay.available_dates("etf_master") == [TODAY]


def test_recordings_use_the_snapshot_layout(fake_krx: FakeKrx, tmp_path: Path) -> None:
    with _recorder(fake_krx, tmp_path) as recorder:
        recorder.etf_prices(date(2025, 12, 30))
        recorder.etf_holdings(date(2024, 11, 6), "KR7069500007")
        recorder.kind_companies()
    body = json.loads((tmp_path / "MDCSTAT04301" / "20251230.json").read_text(encoding="utf-8"))
    assert body["output"] == snapshot_json("MDCSTAT04301", "20251230")["output"]
    with gzip.open(tmp_path / "MDCSTAT05001" / "20241106.jsonl.gz", "rt", encoding="utf-8") as lines:
        entries = [json.loads(line) for line in lines]
    assert [entry["params"] for entry in entries] == [
        {"bld": "dbms/MDC/STAT/standard/MDCSTAT05001", "trdDd": "20241106", "isuCd": "KR7069500007"}
    ]
    header = (tmp_path / "KIND_corpList" / "20260202.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "Code,Name,Market,Industry,ListingDate"
    assert not list(tmp_path.rglob("*.partial"))

"""Replay transport over the recorded snapshot (and small broken copies of it)."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from orchestration.lib.krx import KrxClient, KrxError, KrxResponseError, ReplayTransport, get_dataset
from orchestration.lib.krx.replay import nearest_snapshot
from tests.orchestration.lib.conftest import SNAPSHOT, copy_snapshot_subset, snapshot_holdings


@pytest.fixture(scope="module")
def replay() -> KrxClient:
    return KrxClient(ReplayTransport(SNAPSHOT))


def _file_dates(folder: str, suffix: str) -> list[date]:
    stems = sorted(p.name.removesuffix(suffix) for p in (SNAPSHOT / folder).glob(f"*{suffix}"))
    return [date(int(s[:4]), int(s[4:6]), int(s[6:8])) for s in stems]


@pytest.mark.parametrize(
    ("dataset", "folder", "suffix"),
    [
        ("etf_master", "MDCSTAT04601", ".json"),
        ("prices", "MDCSTAT04301", ".json"),
        ("holdings", "MDCSTAT05001", ".jsonl.gz"),
        ("stock_master", "MDCSTAT01901", ".json"),
        ("kind_companies", "KIND_corpList", ".csv"),
        ("kofia_fees", "KOFIA_fees", ".csv"),
    ],
)
def test_available_dates_are_the_files_of_the_dataset(
    replay: KrxClient, dataset: str, folder: str, suffix: str
) -> None:
    assert replay.available_dates(dataset) == _file_dates(folder, suffix)


def test_available_dates_can_be_limited_to_a_range(replay: KrxClient) -> None:
    dates = replay.available_dates("holdings", date(2024, 11, 1), date(2024, 11, 6))
    assert dates == [date(2024, 11, 1), date(2024, 11, 4), date(2024, 11, 5), date(2024, 11, 6)]


def test_a_date_the_replay_lacks_is_no_trading_day_not_an_error(replay: KrxClient) -> None:
    missing_quote = replay.etf_prices(date(2025, 12, 26))  # a trading day the source never fetched
    assert not missing_quote.trading_day and missing_quote.rows == []
    holiday = replay.etf_holdings(date(2024, 6, 6), "KR7069500007")  # 현충일
    assert not holiday.trading_day and holiday.rows == []
    unknown_etf = replay.etf_holdings(date(2024, 11, 6), "KR7999999995")
    assert not unknown_etf.trading_day


def test_holdings_are_served_per_etf_from_the_days_file(replay: KrxClient) -> None:
    answers = snapshot_holdings("20241106")
    for isin in ("KR7069500007", "KR7252670005", "KR7261140008"):
        table = replay.etf_holdings(date(2024, 11, 6), isin)
        assert len(table.rows) == len(answers[isin]["output"])
        assert [row["compst_isu_cd"] for row in table.rows] == [r["COMPST_ISU_CD"] for r in answers[isin]["output"]]


def test_the_days_holdings_file_is_indexed_once(replay: KrxClient) -> None:
    transport = replay.transport
    assert isinstance(transport, ReplayTransport)
    dataset, path = get_dataset("holdings"), SNAPSHOT / "MDCSTAT05001" / "20241105.jsonl.gz"
    first = transport._holdings_index(dataset, date(2024, 11, 5), path)
    assert transport._holdings_index(dataset, date(2024, 11, 5), path) is first


@pytest.mark.parametrize(
    ("wanted", "served"),
    [
        (None, date(2026, 1, 25)),
        (date(2026, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 25), date(2026, 1, 25)),
        (date(2030, 1, 1), date(2026, 1, 25)),
        (date(2024, 11, 6), date(2025, 12, 31)),  # before every snapshot: the earliest one
    ],
)
def test_masters_come_from_the_nearest_snapshot(replay: KrxClient, wanted: date | None, served: date) -> None:
    table = replay.etf_master(wanted)
    assert table.day == served
    assert {row["as_of_date"] for row in table.rows} == {served}


def test_nearest_snapshot_of_nothing_is_none() -> None:
    assert nearest_snapshot([], date(2024, 1, 1)) is None


def test_a_dataset_without_files_is_an_empty_answer(tmp_path: Path) -> None:
    client = KrxClient(ReplayTransport(copy_snapshot_subset(tmp_path, ["MDCSTAT04301/20251230.json"])))
    assert client.available_dates("etf_master") == []
    table = client.etf_master()
    assert not table.trading_day and table.rows == []


def test_a_missing_replay_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KrxError, match="does not exist"):
        ReplayTransport(tmp_path / "nowhere")


def test_a_corrupt_replay_file_is_a_response_error(tmp_path: Path) -> None:
    (tmp_path / "MDCSTAT04301").mkdir()
    (tmp_path / "MDCSTAT04301" / "20251230.json").write_text('{"output": [', encoding="utf-8")
    (tmp_path / "MDCSTAT05001").mkdir()
    with gzip.open(tmp_path / "MDCSTAT05001" / "20241106.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"params": {"isuCd": "KR7069500007"}, "response": {"output": []}}) + "\n")
        out.write("{not json\n")
    client = KrxClient(ReplayTransport(tmp_path))
    with pytest.raises(KrxResponseError, match=r"MDCSTAT04301 for 2025-12-30.*not JSON"):
        client.etf_prices(date(2025, 12, 30))
    with pytest.raises(KrxResponseError, match=r"MDCSTAT05001 for 2024-11-06: 20241106.jsonl.gz line 2"):
        client.etf_holdings(date(2024, 11, 6), "KR7069500007")


def test_holdings_need_an_isin(replay: KrxClient) -> None:
    with pytest.raises(ValueError, match="per ETF ISIN"):
        replay.etf_holdings(date(2024, 11, 6), "069500")

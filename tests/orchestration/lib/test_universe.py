"""The ETF universe of a date: merged from masters, quotes and a recording; ISINs derived where none is carried."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime

from orchestration.lib.isin import krx_etf_isin
from orchestration.lib.krx import KrxClient, ReplayTransport
from orchestration.lib.universe import merge_universe
from tests.orchestration.lib.conftest import SNAPSHOT


def _file_isins(path) -> set[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return {json.loads(line)["params"]["isuCd"] for line in lines}


def _master_rows() -> list[tuple[str, str, str]]:
    rows = []
    for path in (SNAPSHOT / "MDCSTAT04601").glob("*.json"):
        rows += [("master", r["ISU_SRT_CD"], r["ISU_CD"]) for r in json.loads(path.read_text("utf-8"))["output"]]
    return rows


def test_merge_derives_missing_isins_and_counts_sources() -> None:
    universe = merge_universe(
        date(2024, 11, 6),
        [
            ("master", "069500", "KR7069500007"),
            ("quotes", "069500", "KR7069500007"),
            ("quotes", "0001A0", None),  # a delisted ETF's quote: ticker only
            ("quotes", "122630", "garbage"),  # not an ISIN: derived from the ticker
            ("quotes", None, None),  # nothing to ask for
            ("quotes", "12", None),  # not a ticker
        ],
        recorded=["KR7114800006"],
    )
    assert universe.isins == tuple(sorted({"KR7069500007", krx_etf_isin("0001A0"), "KR7122630007", "KR7114800006"}))
    assert universe.derived == tuple(sorted({krx_etf_isin("0001A0"), "KR7122630007"}))
    assert universe.by_source == {"master": 1, "quotes": 3, "recording": 1}
    assert universe.metadata()["etfs"] == 4


def test_masters_and_quotes_alone_cover_every_recorded_etf_on_each_quote_date() -> None:
    """What a live run has (masters + that day's quotes, no recording) asks for every ETF the files hold."""
    masters = _master_rows()
    checked = 0
    for quotes in sorted((SNAPSHOT / "MDCSTAT04301").glob("2024*.json")):
        day = datetime.strptime(quotes.stem, "%Y%m%d").date()
        holdings = SNAPSHOT / "MDCSTAT05001" / f"{quotes.stem}.jsonl.gz"
        rows = [("quotes", r["ISU_SRT_CD"], r.get("ISU_CD")) for r in json.loads(quotes.read_text("utf-8"))["output"]]
        universe = merge_universe(day, masters + rows)
        missing = _file_isins(holdings) - set(universe.isins)
        assert missing == set(), day
        assert universe.derived  # delisted ETFs quoted without ISU_CD
        checked += 1
    assert checked == 21


def test_the_replay_recording_covers_every_holdings_date() -> None:
    client = KrxClient(ReplayTransport(SNAPSHOT))
    paths = sorted((SNAPSHOT / "MDCSTAT05001").glob("*.jsonl.gz"))
    assert len(paths) == 113
    for path in paths:
        day = datetime.strptime(path.name[:8], "%Y%m%d").date()
        assert set(client.recorded_etfs(day)) == _file_isins(path), day
    assert client.recorded_etfs(date(2024, 11, 9)) == []  # a Saturday: nothing recorded

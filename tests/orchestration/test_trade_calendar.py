"""The frozen trade dates equal XKRX with the override list, and agree with the recorded KRX snapshot."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from atlas.config import DEFAULT_KRX_DIR
from orchestration.defs.krx.partitions import trade_date_partitions
from orchestration.lib.trade_calendar import OVERRIDES, is_trade_date, trade_dates, xkrx_trade_dates
from orchestration.lib.windows import segments

# KRX holidays the snapshot README lists for 2024.
README_HOLIDAYS_2024 = [
    "05-01",
    "05-06",
    "05-15",
    "06-06",
    "08-15",
    "09-16",
    "09-17",
    "09-18",
    "10-01",
    "10-03",
    "10-09",
]


def _snapshot_dates(folder: str) -> list[date]:
    return sorted(datetime.strptime(p.name[:8], "%Y%m%d").date() for p in (DEFAULT_KRX_DIR / folder).iterdir())


@pytest.mark.slow
def test_frozen_file_equals_xkrx_with_overrides() -> None:
    assert trade_dates() == xkrx_trade_dates()


def test_every_snapshot_date_is_a_trade_date() -> None:
    for folder in ("MDCSTAT05001", "MDCSTAT04301"):
        assert [d for d in _snapshot_dates(folder) if not is_trade_date(d)] == [], folder


def test_holdings_cover_every_trade_date_of_their_range() -> None:
    holdings = _snapshot_dates("MDCSTAT05001")[1:]  # 2021-04-02 stands alone
    expected = [d for d in trade_dates() if holdings[0] <= d <= holdings[-1]]
    assert holdings == expected


def test_readme_holidays_and_weekends_are_not_trade_dates() -> None:
    assert not any(is_trade_date(date.fromisoformat(f"2024-{md}")) for md in README_HOLIDAYS_2024)
    assert not is_trade_date(date(2024, 11, 2))  # a Saturday


def test_overrides_are_applied() -> None:
    for day, (traded, _reason) in OVERRIDES.items():
        assert is_trade_date(day) is traded
    assert not is_trade_date(date(2026, 6, 3))  # local elections: XKRX has a session, KRX was closed


def test_partitions_are_trade_dates_only() -> None:
    keys = trade_date_partitions.get_partition_keys()
    assert "2024-11-06" in keys and "2024-11-02" not in keys and "2024-10-09" not in keys
    assert keys == sorted(keys)


def test_segments_split_at_keys_not_wanted() -> None:
    keys = ["2024-11-01", "2024-11-04", "2024-11-05", "2024-11-06", "2024-11-07"]
    assert segments(keys, {"2024-11-01", "2024-11-04", "2024-11-06"}) == [
        ("2024-11-01", "2024-11-04"),
        ("2024-11-06", "2024-11-06"),
    ]
    assert segments(keys, set()) == []

"""What every KRX transport (live, replay, record) offers the client: raw answers and the dates it has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from orchestration.lib.krx.datasets import Dataset

KST = ZoneInfo("Asia/Seoul")


@dataclass(frozen=True)
class Fetched:
    """One raw answer: decoded JSON for KRX endpoints, CSV text for KIND/KOFIA, None when there is none."""

    payload: Any
    day: date  # what the answer is for: the trade date, or the date of the snapshot actually served


class Transport(Protocol):
    kind: str  # "live", "replay" or "record"

    def fetch(self, dataset: Dataset, day: date | None, isu_cd: str | None = None) -> Fetched: ...

    def available_dates(self, dataset: Dataset, start: date | None = None, end: date | None = None) -> list[date]: ...

    def describe(self) -> str: ...

    def recorded_etfs(self, dataset: Dataset, day: date) -> list[str]:
        """ETF ISINs a per-ETF dataset's recording holds for `day` (replay); [] when the source is asked live."""
        ...

    def close(self) -> None: ...


def kst_today() -> date:
    return datetime.now(KST).date()


def weekdays(start: date, end: date) -> list[date]:
    """Monday..Friday from start to end inclusive (KRX holidays are found by asking)."""
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [day for day in days if day.weekday() < 5]

"""Turning a Dagster partition window into trade dates (pure, unit-tested)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta


def days_in_window(start: datetime, end: datetime) -> list[date]:
    """Calendar days of a half-open partition time window [start, end)."""
    first, last = start.date(), end.date()
    return [first + timedelta(days=n) for n in range((last - first).days)]


def dates_to_load(window: Iterable[date], available: Iterable[date]) -> list[date]:
    """The days of the window that the source has data for, in order."""
    have = set(available)
    return sorted(day for day in window if day in have)


def vars_for(dates: list[date]) -> dict[str, str]:
    """dbt --vars for a partitioned run: the first and last trade date of the window."""
    if not dates:
        return {}
    return {"start_date": dates[0].isoformat(), "end_date": dates[-1].isoformat()}


def key_dates(keys: Iterable[str]) -> list[date]:
    """Partition keys (ISO trade dates) as dates, in order."""
    return sorted(date.fromisoformat(key) for key in keys)


def segments(all_keys: Sequence[str], wanted: Iterable[str]) -> list[tuple[str, str]]:
    """The wanted keys as maximal runs of consecutive partition keys: (first, last) per ranged run.

    A ranged run marks every key from first to last, so a key that is not wanted never lies inside a run.
    """
    want = set(wanted)
    runs: list[tuple[str, str]] = []
    start: str | None = None
    previous: str | None = None
    for key in all_keys:
        if key in want:
            start = start or key
            previous = key
        elif start is not None and previous is not None:
            runs.append((start, previous))
            start = None
    if start is not None and previous is not None:
        runs.append((start, previous))
    return runs

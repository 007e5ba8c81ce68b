"""Per-date progress from inside an in-process run (the CLI's bars): assets report each trade date they finish.

`atlas materialize` runs its Dagster runs in its own process, so a listener registered around a run sees the
dates as they are loaded; in a deployment (webserver, daemon, run workers) nobody listens and `report` is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

Listener = Callable[[str, date, int], None]  # (asset, trade date, rows)
_LISTENERS: list[Listener] = []


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    _LISTENERS.append(listener)
    try:
        yield
    finally:
        _LISTENERS.remove(listener)


def report(asset: str, day: date, rows: int) -> None:
    for listener in tuple(_LISTENERS):
        listener(asset, day, rows)

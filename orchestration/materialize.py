"""`atlas materialize [--from DATE] [--to DATE]`: the whole pipeline over the dates the KRX source has."""

from __future__ import annotations

import argparse
import os
from datetime import date

from atlas.config import PROJECT_ROOT, Settings
from atlas.errors import AtlasError


def _parse_day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise AtlasError(f"{flag} must be a date like 2024-11-06, not {value!r}") from exc


def source_dates(krx_source: str, first: date | None, last: date | None) -> list[date]:
    """Trade dates the source has (prices or holdings), limited to [first, last]."""
    from orchestration.lib.krx import client_from_source

    with client_from_source(krx_source) as client:
        dates = set(client.available_dates("etf_prices", first, last))
        dates |= set(client.available_dates("etf_holdings", first, last))
    return sorted(d for d in dates if (first is None or d >= first) and (last is None or d <= last))


def main(args: argparse.Namespace, settings: Settings) -> int:
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))
    os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)
    first, last = _parse_day(args.date_from, "--from"), _parse_day(args.date_to, "--to")
    if first and last and first > last:
        raise AtlasError("--from must not be after --to")

    from atlas.cli import _cluster_up
    from atlas.db.provision import provision

    provision(_cluster_up(settings), settings.db_name, settings.readonly_timeout_ms)
    dates = source_dates(settings.krx_source, first, last)
    if not dates:
        raise AtlasError(f"the KRX source {settings.krx_source} has no trade dates in the requested range")
    print(f"materializing {len(dates)} trade dates {dates[0]} .. {dates[-1]} from {settings.krx_source}")

    import dagster as dg

    from orchestration.pipeline import run_pipeline

    report = run_pipeline(dates[0], dates[-1], dg.DagsterInstance.get())
    print(f"pipeline finished in {report.total_seconds:.1f} s")
    return 0

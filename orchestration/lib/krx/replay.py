"""Replay transport: answers KRX requests from a directory in the snapshot's format (../shared/data/krx).

Layout: `<ENDPOINT>/<YYYYMMDD>.json` (KRX body), `MDCSTAT05001/<YYYYMMDD>.jsonl.gz` (one
`{"params", "response"}` per ETF), `KIND_corpList/<YYYYMMDD>.csv`, `KOFIA_fees/<YYYYMMDD>.csv`.
A date the directory lacks gets what KRX gives for a day without trading: an empty output.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import OrderedDict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from orchestration.lib.krx.datasets import Dataset
from orchestration.lib.krx.errors import KrxError, KrxResponseError
from orchestration.lib.krx.parser import decode_json
from orchestration.lib.krx.transport import Fetched

_FILE_DATE = re.compile(r"(\d{8})")


def nearest_snapshot(dates: list[date], wanted: date | None) -> date | None:
    """The latest snapshot on or before `wanted` (latest overall for None); the earliest when all are later."""
    if not dates:
        return None
    ordered = sorted(dates)
    if wanted is None:
        return ordered[-1]
    earlier = [d for d in ordered if d <= wanted]
    return earlier[-1] if earlier else ordered[0]


class ReplayTransport:
    kind = "replay"

    def __init__(self, root: Path | str, cached_holdings_days: int = 2) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise KrxError(f"KRX replay directory {self.root} does not exist")
        self._listings: dict[str, dict[date, Path]] = {}
        self._holdings: OrderedDict[date, dict[str, Any]] = OrderedDict()
        self._cached_days = cached_holdings_days

    def describe(self) -> str:
        return f"replay:{self.root}"

    def close(self) -> None:
        self._holdings.clear()

    def files(self, dataset: Dataset) -> dict[date, Path]:
        """Files of a dataset by date (listed once; a recording in progress is re-listed by a new transport)."""
        if dataset.name not in self._listings:
            folder = self.root / dataset.replay_dir
            found: dict[date, Path] = {}
            for path in sorted(folder.glob(f"*{dataset.replay_suffix}")) if folder.is_dir() else []:
                stem = path.name.removesuffix(dataset.replay_suffix)
                if _FILE_DATE.fullmatch(stem):
                    found[datetime.strptime(stem, "%Y%m%d").date()] = path
            self._listings[dataset.name] = found
        return self._listings[dataset.name]

    def available_dates(self, dataset: Dataset, start: date | None = None, end: date | None = None) -> list[date]:
        return [d for d in sorted(self.files(dataset)) if (start is None or d >= start) and (end is None or d <= end)]

    def recorded_etfs(self, dataset: Dataset, day: date) -> list[str]:
        """The ETF ISINs the recording of `day` answers for (a per-ETF dataset; [] for a date it lacks)."""
        path = self.files(dataset).get(day) if dataset.per_etf else None
        return sorted(self._holdings_index(dataset, day, path)) if path is not None else []

    def fetch(self, dataset: Dataset, day: date | None, isu_cd: str | None = None) -> Fetched:
        files = self.files(dataset)
        if dataset.daily:
            if day is None:
                raise ValueError(f"{dataset.name} is daily: a trade date is needed")
            path = files.get(day)
            if path is None:
                return Fetched({dataset.output_key: []}, day)
            if dataset.per_etf:
                if not isu_cd:
                    raise ValueError(f"{dataset.name} is asked per ETF: an ISIN is needed")
                return Fetched(self._holdings_index(dataset, day, path).get(isu_cd, {dataset.output_key: []}), day)
            return Fetched(decode_json(path.read_bytes(), dataset, day), day)
        served = nearest_snapshot(list(files), day)
        if served is None:
            return Fetched(None, day or date.min)
        path = files[served]
        if dataset.bld_code is None:
            return Fetched(path.read_text(encoding="utf-8-sig"), served)
        return Fetched(decode_json(path.read_bytes(), dataset, served), served)

    def _holdings_index(self, dataset: Dataset, day: date, path: Path) -> dict[str, Any]:
        """The day's answers by ETF ISIN, read once per day (the last line wins, as in a re-recording)."""
        if day in self._holdings:
            self._holdings.move_to_end(day)
            return self._holdings[day]
        index: dict[str, Any] = {}
        try:
            with gzip.open(path, "rt", encoding="utf-8") as lines:
                for number, line in enumerate(lines, start=1):
                    if not line.strip():
                        continue
                    try:
                        entry = json.loads(line)
                        index[entry["params"]["isuCd"]] = entry["response"]
                    except (ValueError, KeyError, TypeError) as exc:
                        raise KrxResponseError(
                            f"KRX {dataset.bld_code} for {day.isoformat()}: {path.name} line {number} is not "
                            f'a {{"params": {{"isuCd": ...}}, "response": ...}} object ({exc})'
                        ) from exc
        except (OSError, EOFError) as exc:
            raise KrxResponseError(f"KRX {dataset.bld_code} for {day.isoformat()}: cannot read {path}: {exc}") from exc
        self._holdings[day] = index
        while len(self._holdings) > self._cached_days:
            self._holdings.popitem(last=False)
        return index

"""Record transport: live, and every answer saved in the replay format so that replaying it reproduces it."""

from __future__ import annotations

import gzip
import json
import os
from datetime import date
from pathlib import Path

from orchestration.lib.krx.datasets import Dataset
from orchestration.lib.krx.live import LiveTransport
from orchestration.lib.krx.transport import Fetched


class RecordTransport:
    kind = "record"

    def __init__(self, live: LiveTransport, root: Path | str) -> None:
        self.live = live
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def describe(self) -> str:
        return f"record:{self.root} ({self.live.describe()})"

    def close(self) -> None:
        self.live.close()

    def available_dates(self, dataset: Dataset, start: date | None = None, end: date | None = None) -> list[date]:
        return self.live.available_dates(dataset, start, end)

    def recorded_etfs(self, dataset: Dataset, day: date) -> list[str]:
        """Live answers: the universe comes from that day's quotes and the masters, not from a recording."""
        return []

    def fetch(self, dataset: Dataset, day: date | None, isu_cd: str | None = None) -> Fetched:
        fetched = self.live.fetch(dataset, day, isu_cd)
        self._save(dataset, fetched, isu_cd)
        return fetched

    def _save(self, dataset: Dataset, fetched: Fetched, isu_cd: str | None) -> None:
        folder = self.root / dataset.replay_dir
        folder.mkdir(exist_ok=True)
        path = folder / f"{fetched.day:%Y%m%d}{dataset.replay_suffix}"
        if dataset.per_etf:
            params = {"bld": f"dbms/MDC/STAT/standard/{dataset.bld_code}", "trdDd": f"{fetched.day:%Y%m%d}"}
            line = json.dumps({"params": params | {"isuCd": isu_cd}, "response": fetched.payload}, ensure_ascii=False)
            # Each append is a gzip member of its own; gzip readers read the members as one stream.
            with gzip.open(path, "at", encoding="utf-8") as out:
                out.write(line + "\n")
            return
        text = fetched.payload if isinstance(fetched.payload, str) else json.dumps(fetched.payload, ensure_ascii=False)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # a crash never leaves half a file that replay would read

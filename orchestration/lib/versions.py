"""Data versions: hashes of the source responses, and what the Dagster instance recorded last time.

A replay/record source answers from files, so a date's version is the SHA-256 of the files that hold its
responses; a live source has no such files (None): its dates are fetched and loaded every time they are asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg

from atlas.config import PROJECT_ROOT
from orchestration.lib.krx import KrxClient
from orchestration.lib.krx.datasets import get_dataset

CHUNK = 1 << 20
# atlas.fewshot.examples.DEFAULT_DIR, without importing the few-shot stack to plan a run.
FEWSHOT_DIR = PROJECT_ROOT / "seeds" / "fewshot"


def sha256_of(paths: Iterable[Path]) -> str:
    """One digest over the files' names and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def combine(versions: Iterable[str]) -> str:
    """The version of a set of versions (a range of partitions, several snapshots)."""
    return hashlib.sha256("\n".join(versions).encode()).hexdigest()


def source_files(client: KrxClient, dataset: str) -> dict[date, Path] | None:
    """The replay/record files of a dataset by date; None for a live source (no files to hash)."""
    files = getattr(client.transport, "files", None)
    return dict(files(get_dataset(dataset))) if callable(files) else None


def daily_versions(client: KrxClient, dataset: str, days: Iterable[date]) -> dict[date, str]:
    """SHA-256 of each date's source responses (dates the source has files for)."""
    files = source_files(client, dataset) or {}
    return {day: sha256_of([files[day]]) for day in days if day in files}


def snapshot_version(client: KrxClient, dataset: str) -> str | None:
    """One version over every snapshot file of a master/list dataset; None for a live source."""
    files = source_files(client, dataset)
    if files is None:
        return None
    return sha256_of([files[day] for day in sorted(files)])


def seeds_version() -> str:
    """SHA-256 of the few-shot seed files: the embeddings change only when they (or the model) change."""
    return sha256_of(sorted(FEWSHOT_DIR.glob("*.yaml")))


@dataclass(frozen=True)
class Recorded:
    """What the last materialization of an asset (partition) recorded."""

    run_id: str
    data_version: str | None
    code_version: str | None
    metadata: Mapping[str, Any]


def _plain(metadata: Mapping[str, dg.MetadataValue]) -> dict[str, Any]:
    return {key: getattr(value, "value", value) for key, value in metadata.items()}


def _recorded(record: Any) -> Recorded:
    event = record.asset_materialization
    tags = event.tags or {}
    return Recorded(
        run_id=record.run_id,
        data_version=tags.get("dagster/data_version"),
        code_version=tags.get("dagster/code_version"),
        metadata=_plain(event.metadata),
    )


def latest_of(instance: dg.DagsterInstance, keys: Iterable[dg.AssetKey]) -> dict[dg.AssetKey, Recorded | None]:
    """The latest materialization of each asset, from the instance's asset records in one query."""
    wanted = list(keys)
    found: dict[dg.AssetKey, Recorded | None] = dict.fromkeys(wanted)
    for record in instance.get_asset_records(wanted):
        last = record.asset_entry.last_materialization_record
        if last is not None and last.asset_materialization is not None:
            found[record.asset_entry.asset_key] = _recorded(last)
    return found


def latest_by_partition(instance: dg.DagsterInstance, key: dg.AssetKey, page: int = 5_000) -> dict[str, Recorded]:
    """The latest materialization of every partition of an asset (newest first, first one wins)."""
    found: dict[str, Recorded] = {}
    cursor: str | None = None
    while True:
        result = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=key), limit=page, cursor=cursor, ascending=False
        )
        for record in result.records:
            if record.partition_key and record.partition_key not in found:
                found[record.partition_key] = _recorded(record)
        if not result.has_more:
            return found
        cursor = result.cursor

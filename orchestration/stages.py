"""What the planner needs to know about each pipeline stage, as plain data that loads without the definitions.

Importing the definitions (dagster-dbt, dbt-core, the manifest) costs most of a no-op `atlas materialize`. A
stage's spec — its asset keys, dbt code versions, KRX datasets, upstream keys — is all the planner reads, so the
specs are cached in DAGSTER_HOME under a fingerprint of everything they are derived from (the dbt manifest, the
orchestration code, the trade-date file, the Dagster versions). A stale fingerprint means: load the definitions.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import metadata
from pathlib import Path

import dagster as dg

ORCHESTRATION_DIR = Path(__file__).resolve().parent
MANIFEST = ORCHESTRATION_DIR.parent / "dbt_project" / "target" / "manifest.json"
CACHE_NAME = "atlas_stage_specs.json"
FINGERPRINT_PACKAGES = ("dagster", "dagster-dbt", "dbt-core")


class PlanKind(StrEnum):
    """How a stage decides what to launch (orchestration.planner.PLANNERS has one entry per member)."""

    ALWAYS = "always"  # every asset (partitioned: every trade date of the range)
    RAW_MASTERS = "raw_masters"
    RAW_DAILY = "raw_daily"
    AFTER_UPSTREAM = "after_upstream"  # when an upstream key changed in this run, or code/tables say so
    DAILY_FACTS = "daily_facts"
    FEWSHOT = "fewshot"
    NOTIFICATION = "notification"


@dataclass(frozen=True)
class StageSpec:
    name: str
    kind: PlanKind
    keys: tuple[dg.AssetKey, ...]
    partitioned: bool
    code_versions: dict[dg.AssetKey, str | None] = field(default_factory=dict)
    datasets: dict[dg.AssetKey, str] = field(default_factory=dict)  # KRX dataset behind a raw asset
    upstream: frozenset[dg.AssetKey] = frozenset()

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "keys": [k.to_user_string() for k in self.keys],
            "partitioned": self.partitioned,
            "code_versions": {k.to_user_string(): v for k, v in self.code_versions.items()},
            "datasets": {k.to_user_string(): v for k, v in self.datasets.items()},
            "upstream": sorted(k.to_user_string() for k in self.upstream),
        }

    @classmethod
    def from_json(cls, data: dict) -> StageSpec:
        key = dg.AssetKey.from_user_string
        return cls(
            name=data["name"],
            kind=PlanKind(data["kind"]),
            keys=tuple(key(k) for k in data["keys"]),
            partitioned=bool(data["partitioned"]),
            code_versions={key(k): v for k, v in data["code_versions"].items()},
            datasets={key(k): v for k, v in data["datasets"].items()},
            upstream=frozenset(key(k) for k in data["upstream"]),
        )


def _inputs() -> Iterable[Path]:
    yield MANIFEST
    yield from sorted(p for p in ORCHESTRATION_DIR.rglob("*") if p.suffix in {".py", ".sql", ".txt", ".yaml"})


def fingerprint() -> str:
    """SHA-256 over the files the specs are derived from and the installed Dagster/dbt versions."""
    digest = hashlib.sha256()
    for package in FINGERPRINT_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}\n".encode())
    for path in _inputs():
        digest.update(str(path.relative_to(ORCHESTRATION_DIR.parent)).encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def cache_path(home: Path | None = None) -> Path:
    return (home or Path(os.environ["DAGSTER_HOME"])) / CACHE_NAME


def read_cached(path: Path, current: str) -> list[StageSpec] | None:
    """The cached specs if they were written for `current` (a fingerprint), else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("fingerprint") != current:
        return None
    return [StageSpec.from_json(stage) for stage in data["stages"]]


def write_cache(path: Path, current: str, specs: Sequence[StageSpec]) -> None:
    """Written to a temporary file and renamed: a concurrent reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    body = {"fingerprint": current, "stages": [spec.to_json() for spec in specs]}
    tmp.write_text(json.dumps(body, indent=1), encoding="utf-8")
    tmp.replace(path)

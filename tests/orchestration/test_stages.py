"""Stage specs: the cached form plans like the definitions, a stale fingerprint is not read, every kind plans."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from orchestration import planner, stages
from orchestration.pipeline import STAGES, stage_specs
from orchestration.stages import PlanKind, StageSpec


def test_every_plan_kind_has_a_planner() -> None:
    assert set(planner.PLANNERS) == set(PlanKind)


def test_specs_survive_the_cache_unchanged(tmp_path: Path) -> None:
    specs = stage_specs()
    assert [s.name for s in specs] == [s.name for s in STAGES]
    assert [StageSpec.from_json(s.to_json()) for s in specs] == specs
    path = stages.cache_path(tmp_path)
    stages.write_cache(path, "fingerprint-a", specs)
    assert stages.read_cached(path, "fingerprint-a") == specs
    assert stages.read_cached(path, "fingerprint-b") is None  # code or manifest changed: rebuild
    assert stages.read_cached(tmp_path / "missing.json", "fingerprint-a") is None


def test_dbt_specs_carry_code_versions_and_raw_specs_their_datasets() -> None:
    by_name = {s.name: s for s in stage_specs()}
    facts = by_name["dbt daily facts"]
    assert facts.partitioned and all(facts.code_versions.get(k) for k in facts.keys)
    raw = by_name["raw daily (prices, holdings)"]
    assert [raw.datasets[k] for k in raw.keys] == ["etf_prices", "etf_holdings"]  # prices before holdings
    assert not by_name["notification"].partitioned


def test_fingerprint_follows_the_orchestration_code(tmp_path: Path) -> None:
    first = stages.fingerprint()
    assert first == stages.fingerprint()
    probe = stages.ORCHESTRATION_DIR / "lib" / "sql" / f"_fingerprint_probe_{tmp_path.name}.sql"
    probe.write_text("-- probe\n", encoding="utf-8")
    try:
        assert stages.fingerprint() != first
    finally:
        probe.unlink()
    assert stages.fingerprint() == first


def test_the_planning_modules_do_not_import_dbt() -> None:
    code = (
        "import sys, orchestration.runner, orchestration.stages, orchestration.materialize;"
        "print(sorted(m for m in ('dagster_dbt', 'dbt') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

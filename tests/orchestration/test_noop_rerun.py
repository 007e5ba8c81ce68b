"""A second pipeline run with nothing new launches no Dagster run and says why; blocking checks guard the
notification across runs; the instance's raw partitions are exactly the trade dates loaded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from orchestration.definitions import definitions
from orchestration.defs.notify.assets import GUARDED, collection_notification
from orchestration.defs.notify.counts import collected_counts
from orchestration.defs.notify.guard import guarded_check_keys
from orchestration.lib.events import PendingDate, collection_counts, counts_for
from orchestration.pipeline import STAGES, PipelineReport, run_pipeline
from orchestration.resources import AtlasDatabase as DatabaseResource
from tests.conftest import AtlasDatabase

FIRST, LAST = date(2024, 11, 4), date(2024, 11, 6)
STAGES_UNDER_TEST = [s for s in STAGES if s.name not in {"dbt latest marts", "graph", "few-shot embeddings"}]
GRAPH = dg.AssetKey("etf_graph")


def _run(db: AtlasDatabase, instance: dg.DagsterInstance) -> PipelineReport:
    resources = {"database": DatabaseResource(dsn=db.loader_dsn)}
    return run_pipeline(FIRST, LAST, instance, resources=resources, log=lambda _m: None, stages=STAGES_UNDER_TEST)


@pytest.fixture(scope="module")
def reruns(cluster, settings, tmp_path_factory) -> Iterator[tuple[AtlasDatabase, dg.DagsterInstance, list]]:
    from atlas.db.provision import drop_database
    from tests.conftest import _new_database

    db = _new_database(cluster, settings, "noop")
    home: Path = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    with dg.DagsterInstance.local_temp(str(home)) as instance:
        first = _run(db, instance)
        started = time.monotonic()
        second = _run(db, instance)
        yield db, instance, [first, second, time.monotonic() - started]
    drop_database(cluster, db.name)


def test_first_run_launches_every_stage(reruns) -> None:
    _, _, (first, _, _) = reruns
    assert all(first.launches[s.name] for s in STAGES_UNDER_TEST), first.launches


def test_second_run_launches_nothing_and_says_why(reruns) -> None:
    _, _, (_, second, seconds) = reruns
    assert {name: runs for name, runs in second.launches.items() if runs} == {}
    assert seconds < 60
    reasons = " | ".join(r for rs in second.skipped.values() for r in rs)
    assert "krx_etf_holdings: 3 of 3 trade dates unchanged" in reasons
    assert "already announced" in reasons


def test_materialized_raw_partitions_are_the_loaded_trade_dates(reruns) -> None:
    db, instance, _ = reruns
    for table in ("krx_etf_holdings", "krx_etf_prices"):
        materialized = instance.get_materialized_partitions(dg.AssetKey(["raw", table]))
        with db.loader() as conn:
            loaded = {row[0].isoformat() for row in conn.execute(f"select distinct trade_date from raw.{table}")}
        assert materialized == loaded, table


def _evaluate_graph_check(instance: dg.DagsterInstance, passed: bool) -> None:
    """Record an evaluation of the real blocking check key etf_graph:counts_match_marts on the instance."""

    @dg.asset_check(asset=GRAPH, name="counts_match_marts", blocking=True)
    def stand_in() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=passed)

    graph_stub = dg.AssetSpec(GRAPH)
    result = dg.materialize(
        [graph_stub, stand_in], instance=instance, selection=dg.AssetSelection.all_asset_checks(), raise_on_error=False
    )
    assert result.success is passed  # a failed blocking check fails its own step too


def _notify(db: AtlasDatabase, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    defs = definitions()
    return dg.materialize(
        [*(defs.assets or []), *(defs.asset_checks or [])],
        selection=dg.AssetSelection.assets(collection_notification),
        instance=instance,
        resources={**(defs.resources or {}), "database": DatabaseResource(dsn=db.loader_dsn)},
        raise_on_error=False,
    )


def test_failed_blocking_check_stops_the_notification(reruns) -> None:
    db, instance, _ = reruns
    with db.loader() as conn:
        conn.execute("delete from events.collection_runs where trade_date = %s", (LAST,))
    _evaluate_graph_check(instance, passed=False)
    refused = _notify(db, instance)
    assert not refused.success
    failure = next(e for e in refused.all_events if e.is_step_failure)
    assert "etf_graph:counts_match_marts" in failure.step_failure_data.error.message
    with db.loader() as conn:
        assert conn.execute(
            "select count(*) from events.collection_runs where trade_date = %s", (LAST,)
        ).fetchone() == (0,)
    _evaluate_graph_check(instance, passed=True)
    announced = _notify(db, instance)
    assert announced.success
    # The run's own asset graph gave the guard every blocking check of the code location.
    metadata = announced.asset_materializations_for_node("collection_notification")[0].metadata
    assert metadata["blocking_checks"].value == len(guarded_check_keys(GUARDED)) > 0
    assert metadata["newly_announced"].value == 1
    with db.loader() as conn:
        assert conn.execute(
            "select count(*) from events.collection_runs where trade_date = %s", (LAST,)
        ).fetchone() == (1,)


def test_announced_counts_are_the_raw_rows(reruns) -> None:
    """The notification takes the raw loads' recorded rows; they equal a count in the database, and an instance
    without those records falls back to counting."""
    db, instance, _ = reruns
    with db.loader() as conn:
        announced = dict(conn.execute("select trade_date, counts from events.collection_runs").fetchall())
        assert announced
        for day, counts in announced.items():
            assert counts == collection_counts(conn, day), day
        pending = [PendingDate(day, counts["prices"] > 0, counts["holdings"] > 0) for day, counts in announced.items()]
        assert collected_counts(instance, conn, pending) == counts_for(conn, sorted(announced))
        with dg.DagsterInstance.ephemeral() as empty:
            assert collected_counts(empty, conn, pending) == counts_for(conn, sorted(announced))

"""The Dagster definitions load and form one connected lineage: raw → staging → marts → graph → notification."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.definitions import definitions


@pytest.fixture(scope="module")
def asset_graph() -> dg.Definitions:
    return definitions()


def _keys(defs: dg.Definitions) -> set[dg.AssetKey]:
    return {key for asset in defs.assets or [] for key in asset.keys}


def _deps(defs: dg.Definitions) -> dict[dg.AssetKey, set[dg.AssetKey]]:
    graph = defs.resolve_asset_graph()
    return {key: set(graph.get(key).parent_keys) for key in graph.get_all_asset_keys()}


def test_raw_assets_exist(asset_graph: dg.Definitions) -> None:
    raw = {key.path[1] for key in _keys(asset_graph) if key.path[0] == "raw"}
    assert raw >= {"krx_etf_master", "krx_etf_prices", "krx_etf_holdings", "krx_stock_master", "kind_companies"}


def test_dbt_sources_are_the_raw_assets(asset_graph: dg.Definitions) -> None:
    deps = _deps(asset_graph)
    staging = dg.AssetKey(["staging", "stg_krx__etf_holdings"])
    assert dg.AssetKey(["raw", "krx_etf_holdings"]) in deps[staging]


def test_lineage_runs_from_raw_to_notification(asset_graph: dg.Definitions) -> None:
    deps = _deps(asset_graph)

    def upstream(key: dg.AssetKey) -> set[dg.AssetKey]:
        seen: set[dg.AssetKey] = set()
        stack = [key]
        while stack:
            for parent in deps.get(stack.pop(), set()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    ancestors = upstream(dg.AssetKey("collection_notification"))
    for key in (
        dg.AssetKey("etf_graph"),
        dg.AssetKey("fewshot_embeddings"),
        dg.AssetKey(["marts", "fct_etf_holdings"]),
        dg.AssetKey(["marts", "dim_etf"]),
        dg.AssetKey(["staging", "stg_krx__etf_holdings"]),
        dg.AssetKey(["raw", "krx_etf_holdings"]),
        dg.AssetKey(["raw", "krx_etf_master"]),
    ):
        assert key in ancestors, key


def test_dbt_tests_and_graph_checks_are_asset_checks(asset_graph: dg.Definitions) -> None:
    graph = asset_graph.resolve_asset_graph()
    checks = {(k.asset_key, k.name) for k in graph.asset_check_keys}
    assert (dg.AssetKey("etf_graph"), "counts_match_marts") in checks
    assert (dg.AssetKey("etf_graph"), "traversals_match_sql") in checks
    dbt_checks = [name for key, name in checks if key == dg.AssetKey(["marts", "fct_etf_holdings"])]
    assert any(name.startswith("unique") or "not_null" in name for name in dbt_checks)


def test_daily_assets_share_the_trade_date_partitions(asset_graph: dg.Definitions) -> None:
    graph = asset_graph.resolve_asset_graph()
    partitioned = {key for key in graph.get_all_asset_keys() if graph.get(key).partitions_def is not None}
    assert {
        dg.AssetKey(["raw", "krx_etf_prices"]),
        dg.AssetKey(["raw", "krx_etf_holdings"]),
        dg.AssetKey(["marts", "fct_etf_holdings"]),
    } <= partitioned
    assert dg.AssetKey(["marts", "dim_etf"]) not in partitioned
    # One materialization announces every pending date (events.collection_runs keeps them once each).
    assert dg.AssetKey("collection_notification") not in partitioned


def test_weekday_evening_schedule(asset_graph: dg.Definitions) -> None:
    schedule = asset_graph.resolve_schedule_def("weekday_evening_collection")
    assert schedule.cron_schedule == "30 18 * * 1-5"
    assert schedule.execution_timezone == "Asia/Seoul"


def test_partitions_are_krx_trade_dates(asset_graph: dg.Definitions) -> None:
    graph = asset_graph.resolve_asset_graph()
    keys = graph.get(dg.AssetKey(["raw", "krx_etf_holdings"])).partitions_def.get_partition_keys()
    assert "2024-11-06" in keys
    assert "2024-11-02" not in keys  # Saturday
    assert "2024-10-09" not in keys  # Hangul Day, a KRX holiday


def test_schedule_is_stopped_on_a_replay_source() -> None:
    from orchestration.defs.krx.schedules import default_status

    assert default_status("replay:/data/krx") == dg.DefaultScheduleStatus.STOPPED
    assert default_status("live") == dg.DefaultScheduleStatus.RUNNING


def test_schedule_skips_days_that_are_not_trade_dates(asset_graph: dg.Definitions) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    schedule = asset_graph.resolve_schedule_def("weekday_evening_collection")
    seoul = ZoneInfo("Asia/Seoul")
    holiday = dg.build_schedule_context(scheduled_execution_time=datetime(2024, 10, 9, 18, 30, tzinfo=seoul))
    trade_day = dg.build_schedule_context(scheduled_execution_time=datetime(2024, 11, 6, 18, 30, tzinfo=seoul))
    assert isinstance(schedule(holiday), dg.SkipReason)
    assert schedule(trade_day).partition_key == "2024-11-06"


def test_graph_checks_block_and_the_failure_sensor_exists(asset_graph: dg.Definitions) -> None:
    graph = asset_graph.resolve_asset_graph()
    graph_checks = [k for k in graph.asset_check_keys if k.asset_key == dg.AssetKey("etf_graph")]
    assert graph_checks and all(graph.get_check_spec(k).blocking for k in graph_checks)
    assert asset_graph.resolve_sensor_def("pipeline_failure_alert") is not None


def test_daily_raw_assets_have_data_versions_and_freshness(asset_graph: dg.Definitions) -> None:
    graph = asset_graph.resolve_asset_graph()
    for table in ("krx_etf_prices", "krx_etf_holdings"):
        assert graph.get(dg.AssetKey(["raw", table])).freshness_policy is not None


def test_launch_params_cover_partitioned_and_unpartitioned_assets() -> None:
    from orchestration.launch import backfill_params

    params = backfill_params(
        [["raw", "krx_etf_prices"], ["etf_graph"]], {("raw", "krx_etf_prices")}, "2024-11-05", "2024-11-06"
    )
    by_key = {tuple(p["assetKey"]["path"]): p["partitions"] for p in params["partitionsByAssets"]}
    assert by_key == {
        ("raw", "krx_etf_prices"): {"range": {"start": "2024-11-05", "end": "2024-11-06"}},
        ("etf_graph",): None,
    }

"""The notification's guard: blocking checks of the assets it announces, as last evaluated on the instance.

Inside one run (daily_collection) Dagster itself skips the notification after a failed blocking check; across
runs (the staged `atlas materialize`, a backfill) this reads the latest evaluation of each blocking check.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import dagster as dg
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus


def blocking_check_keys(asset_graph: Any, assets: Iterable[dg.AssetKey]) -> list[dg.AssetCheckKey]:
    """The blocking checks (graph checks, dbt tests of severity error) on the given assets."""
    wanted = set(assets)
    return sorted(
        (k for k in asset_graph.asset_check_keys if k.asset_key in wanted and asset_graph.get_check_spec(k).blocking),
        key=lambda k: (k.asset_key.to_user_string(), k.name),
    )


@cache
def guarded_check_keys(assets: tuple[dg.AssetKey, ...]) -> list[dg.AssetCheckKey]:
    """Blocking checks on `assets` in the whole code location (a run's own graph may hold only its selection)."""
    from orchestration.definitions import definitions

    return blocking_check_keys(definitions().resolve_asset_graph(), assets)


def failed_checks(instance: dg.DagsterInstance, check_keys: list[dg.AssetCheckKey]) -> list[str]:
    """`asset:check` of every check whose latest evaluation failed."""
    latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(check_keys)
    return [
        f"{key.asset_key.to_user_string()}:{key.name}"
        for key, record in latest.items()
        if record.status == AssetCheckExecutionRecordStatus.FAILED
    ]

"""What a pipeline run has to do, stage by stage, and why the rest is skipped.

Raw partitions are compared by data version (SHA-256 of the source responses, recorded per partition) and by
the rows the database holds; dbt models by code version (dbt's checksum) and by whether an upstream stage
changed anything in this run. A stage with nothing to do launches no Dagster run at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

import dagster as dg
import psycopg

from orchestration.defs.graph.assets import GRAPH_SOURCE_MARTS
from orchestration.defs.krx.assets import DAILY_DATASETS, SNAPSHOT_DATASETS
from orchestration.lib.events import unannounced_counts
from orchestration.lib.krx import KrxClient
from orchestration.lib.versions import daily_versions, latest, latest_by_partition, snapshot_version
from orchestration.lib.windows import segments


def _sql(name: str) -> str:
    return (resources.files("orchestration.lib") / "sql" / name).read_text(encoding="utf-8")


RAW_ROWS_BY_DATE = _sql("raw_rows_by_date.sql")
RAW_ROWS_SNAPSHOTS = _sql("raw_rows_snapshots.sql")


@dataclass(frozen=True)
class Launch:
    """One Dagster run: these assets, for this partition key range (None: unpartitioned)."""

    keys: tuple[dg.AssetKey, ...]
    partitions: tuple[str, str] | None = None

    def describe(self) -> str:
        names = ", ".join(k.to_user_string() for k in self.keys[:3]) + (" …" if len(self.keys) > 3 else "")
        if self.partitions is None:
            return names
        first, last = self.partitions
        return f"{names} [{first}]" if first == last else f"{names} [{first} .. {last}]"


@dataclass
class StagePlan:
    launches: list[Launch] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "what: why", printed by the CLI


@dataclass
class PlanState:
    """What earlier stages of this pipeline run changed, and what they know about the source and database."""

    instance: dg.DagsterInstance
    conn: psycopg.Connection
    client: KrxClient
    first: date
    last: date
    partition_keys: Sequence[str]
    changed_keys: set[dg.AssetKey] = field(default_factory=set)
    changed_dates: dict[str, set[date]] = field(default_factory=dict)  # raw table -> dates loaded in this run
    source_dates: dict[str, list[date]] = field(default_factory=dict)

    def ranges(self, keys: tuple[dg.AssetKey, ...], dates: Iterable[date]) -> list[Launch]:
        wanted = {d.isoformat() for d in dates}
        return [Launch(keys, segment) for segment in segments(self.partition_keys, wanted)]


def _relation_exists(conn: psycopg.Connection, key: dg.AssetKey) -> bool:
    if len(key.path) != 2:
        return True
    return conn.execute("select to_regclass(%s) is not null", (".".join(key.path),)).fetchone()[0]


def code_changes(state: PlanState, assets: Sequence[dg.AssetsDefinition]) -> list[str]:
    """Keys never materialized, whose table is missing, or whose code version differs from the recorded one."""
    reasons = []
    for asset in assets:
        for key in asset.keys:
            recorded = latest(state.instance, key)
            current = asset.code_versions_by_key.get(key)
            if recorded is None:
                reasons.append(f"{key.to_user_string()} never materialized")
            elif current and recorded.code_version != current:
                reasons.append(f"{key.to_user_string()} code changed")
            elif not _relation_exists(state.conn, key):
                reasons.append(f"{key.to_user_string()} missing in the database")
    return reasons


def plan_raw_masters(state: PlanState, assets: Sequence[dg.AssetsDefinition]) -> StagePlan:
    plan = StagePlan()
    rows = dict(state.conn.execute(RAW_ROWS_SNAPSHOTS).fetchall())
    for asset in assets:
        key, dataset = asset.key, SNAPSHOT_DATASETS[asset]
        version, recorded = snapshot_version(state.client, dataset), latest(state.instance, asset.key)
        if (
            version
            and recorded
            and recorded.data_version == version
            and recorded.metadata.get("rows") == rows[key.path[1]]
        ):
            plan.skipped.append(
                f"{key.to_user_string()}: source files unchanged (sha256 {version[:12]}), rows as recorded"
            )
        else:
            plan.launches.append(Launch((key,)))
    if plan.launches:
        plan.launches = [Launch(tuple(k for launch in plan.launches for k in launch.keys))]
    return plan


def plan_raw_daily(state: PlanState, assets: Sequence[dg.AssetsDefinition]) -> StagePlan:
    plan = StagePlan()
    rows: dict[tuple[str, date], int] = {
        (table, day): int(count)
        for table, day, count in state.conn.execute(RAW_ROWS_BY_DATE, {"first": state.first, "last": state.last})
    }
    trade_dates = {date.fromisoformat(k) for k in state.partition_keys}
    masters_changed = dg.AssetKey(["raw", "krx_etf_master"]) in state.changed_keys
    for asset in assets:  # prices before holdings: a day's quotes widen the ETFs asked for holdings
        table, dataset = asset.key.path[1], DAILY_DATASETS[asset]
        available = state.client.available_dates(dataset, state.first, state.last)
        off_calendar = [d for d in available if d not in trade_dates]
        if off_calendar:
            plan.skipped.append(
                f"{table}: {len(off_calendar)} source dates are not KRX trade dates: {off_calendar[:3]}"
            )
        days = [d for d in available if d in trade_dates]
        state.source_dates[table] = days
        versions = daily_versions(state.client, dataset, days)
        recorded = latest_by_partition(state.instance, asset.key)
        quotes_changed = state.changed_dates.get("krx_etf_prices", set()) if table == "krx_etf_holdings" else set()
        changed = set()
        for day in days:
            previous = recorded.get(day.isoformat())
            same = (
                previous is not None
                and day in versions
                and previous.metadata.get("source_sha256") == versions[day]
                and previous.metadata.get("rows") == rows.get((table, day))
            )
            if not same or day in quotes_changed or (masters_changed and table == "krx_etf_holdings"):
                changed.add(day)
        state.changed_dates[table] = changed
        if len(changed) < len(days):
            plan.skipped.append(
                f"{table}: {len(days) - len(changed)} of {len(days)} trade dates unchanged"
                " (same source sha256, rows as recorded)"
            )
        plan.launches += state.ranges((asset.key,), changed)
    return plan


def plan_unpartitioned(
    state: PlanState, assets: Sequence[dg.AssetsDefinition], upstream: set[dg.AssetKey]
) -> StagePlan:
    """Run when an upstream asset changed in this run, or when code/tables/materializations say so."""
    keys = tuple(k for a in assets for k in a.keys)
    name = keys[0].to_user_string() if len(keys) == 1 else f"{len(keys)} assets"
    changed_upstream = sorted(k.to_user_string() for k in upstream & state.changed_keys)
    reasons = code_changes(state, assets)
    if changed_upstream or reasons:
        return StagePlan([Launch(keys)])
    return StagePlan(skipped=[f"{name}: inputs unchanged since the last materialization and code versions equal"])


def plan_daily_facts(state: PlanState, assets: Sequence[dg.AssetsDefinition]) -> StagePlan:
    keys = tuple(k for a in assets for k in a.keys)
    prices, holdings = state.source_dates.get("krx_etf_prices", []), state.source_dates.get("krx_etf_holdings", [])
    all_days = sorted(set(prices) | set(holdings))
    if code_changes(state, assets):
        return StagePlan(state.ranges(keys, all_days))
    changed = set(state.changed_dates.get("krx_etf_prices", set())) | state.changed_dates.get("krx_etf_holdings", set())
    # fct_holding_changes of the next holdings date compares with a changed date.
    for day in sorted(state.changed_dates.get("krx_etf_holdings", set())):
        later = [d for d in holdings if d > day]
        if later:
            changed.add(later[0])
    recorded = latest_by_partition(state.instance, keys[0])
    changed |= {d for d in all_days if d.isoformat() not in recorded}
    plan = StagePlan(state.ranges(keys, changed))
    if len(changed) < len(all_days):
        plan.skipped.append(
            f"dbt daily facts: {len(all_days) - len(changed)} of {len(all_days)} dates have unchanged raw data"
        )
    return plan


def plan_notification(state: PlanState, assets: Sequence[dg.AssetsDefinition]) -> StagePlan:
    keys = tuple(k for a in assets for k in a.keys)
    pending = [
        d for d, counts in unannounced_counts(state.conn, state.first, state.last).items() if any(counts.values())
    ]
    plan = StagePlan(state.ranges(keys, pending))
    if not pending:
        plan.skipped.append("collection_notification: every collected date in the range is already announced")
    return plan


GRAPH_UPSTREAM = {dg.AssetKey(["marts", name]) for name in GRAPH_SOURCE_MARTS}

"""What a pipeline run has to do, stage by stage, and why the rest is skipped.

Raw partitions are compared by data version (SHA-256 of the source responses, recorded per partition) and by
the rows the database holds; dbt models by code version (dbt's checksum) and by whether an upstream stage
changed anything in this run. A stage with nothing to do launches no Dagster run at all.

The planner reads stage specs (orchestration.stages), not the definitions: a no-op run never loads dbt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

import dagster as dg
import psycopg

from orchestration.lib.events import pending_dates
from orchestration.lib.krx import KrxClient
from orchestration.lib.versions import (
    Recorded,
    daily_versions,
    latest_by_partition,
    latest_of,
    seeds_version,
    snapshot_version,
)
from orchestration.lib.windows import segments
from orchestration.stages import PlanKind, StageSpec


def _sql(name: str) -> str:
    return (resources.files("orchestration.lib") / "sql" / name).read_text(encoding="utf-8")


RAW_ROWS_BY_DATE = _sql("raw_rows_by_date.sql")
RAW_ROWS_SNAPSHOTS = _sql("raw_rows_snapshots.sql")
RELATIONS_MISSING = "select name from unnest(%s::text[]) as name where to_regclass(name) is null"
RAW_PRICES, RAW_HOLDINGS = "krx_etf_prices", "krx_etf_holdings"


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
    dates: int = 0  # trade dates the launches cover (the progress bar's total)


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

    def in_range(self) -> list[date]:
        return [d for d in map(date.fromisoformat, self.partition_keys) if self.first <= d <= self.last]


def code_changes(state: PlanState, spec: StageSpec, recorded: dict[dg.AssetKey, Recorded | None]) -> list[str]:
    """Keys never materialized, whose table is missing, or whose code version differs from the recorded one."""
    reasons = []
    tables = [".".join(k.path) for k in spec.keys if len(k.path) == 2]
    missing = {row[0] for row in state.conn.execute(RELATIONS_MISSING, (tables,))} if tables else set()
    for key in spec.keys:
        last, current = recorded.get(key), spec.code_versions.get(key)
        if last is None:
            reasons.append(f"{key.to_user_string()} never materialized")
        elif current and last.code_version != current:
            reasons.append(f"{key.to_user_string()} code changed")
        elif ".".join(key.path) in missing:
            reasons.append(f"{key.to_user_string()} missing in the database")
    return reasons


def plan_always(state: PlanState, spec: StageSpec) -> StagePlan:
    if not spec.partitioned:
        return StagePlan([Launch(spec.keys)], dates=0)
    days = state.in_range()
    return StagePlan(state.ranges(spec.keys, days), dates=len(days))


def plan_raw_masters(state: PlanState, spec: StageSpec) -> StagePlan:
    plan = StagePlan()
    rows = dict(state.conn.execute(RAW_ROWS_SNAPSHOTS).fetchall())
    recorded = latest_of(state.instance, spec.keys)
    changed: list[dg.AssetKey] = []
    for key in spec.keys:
        version, last = snapshot_version(state.client, spec.datasets[key]), recorded.get(key)
        if version and last and last.data_version == version and last.metadata.get("rows") == rows[key.path[1]]:
            plan.skipped.append(
                f"{key.to_user_string()}: source files unchanged (sha256 {version[:12]}), rows as recorded"
            )
        else:
            changed.append(key)
    if changed:
        plan.launches = [Launch(tuple(changed))]
    return plan


def plan_raw_daily(state: PlanState, spec: StageSpec) -> StagePlan:
    plan = StagePlan()
    rows: dict[tuple[str, date], int] = {
        (table, day): int(count)
        for table, day, count in state.conn.execute(RAW_ROWS_BY_DATE, {"first": state.first, "last": state.last})
    }
    trade_dates = {date.fromisoformat(k) for k in state.partition_keys}
    masters_changed = dg.AssetKey(["raw", "krx_etf_master"]) in state.changed_keys
    dates = 0
    for key in spec.keys:  # prices before holdings: a day's quotes widen the ETFs asked for holdings
        table, dataset = key.path[1], spec.datasets[key]
        available = state.client.available_dates(dataset, state.first, state.last)
        off_calendar = [d for d in available if d not in trade_dates]
        if off_calendar:
            plan.skipped.append(
                f"{table}: {len(off_calendar)} source dates are not KRX trade dates: {off_calendar[:3]}"
            )
        days = [d for d in available if d in trade_dates]
        state.source_dates[table] = days
        versions = daily_versions(state.client, dataset, days)
        recorded = latest_by_partition(state.instance, key)
        quotes_changed = state.changed_dates.get(RAW_PRICES, set()) if table == RAW_HOLDINGS else set()
        changed = set()
        for day in days:
            previous = recorded.get(day.isoformat())
            same = (
                previous is not None
                and day in versions
                and previous.metadata.get("source_sha256") == versions[day]
                and previous.metadata.get("rows") == rows.get((table, day))
            )
            if not same or day in quotes_changed or (masters_changed and table == RAW_HOLDINGS):
                changed.add(day)
        state.changed_dates[table] = changed
        dates += len(changed)
        if len(changed) < len(days):
            plan.skipped.append(
                f"{table}: {len(days) - len(changed)} of {len(days)} trade dates unchanged"
                " (same source sha256, rows as recorded)"
            )
        plan.launches += state.ranges((key,), changed)
    plan.dates = dates  # date loads: a date of prices and the same date of holdings are two steps
    return plan


def plan_after_upstream(state: PlanState, spec: StageSpec) -> StagePlan:
    """Run when an upstream asset changed in this run, or when code/tables/materializations say so."""
    name = spec.keys[0].to_user_string() if len(spec.keys) == 1 else f"{len(spec.keys)} assets"
    changed_upstream = spec.upstream & state.changed_keys
    reasons = code_changes(state, spec, latest_of(state.instance, spec.keys))
    if changed_upstream or reasons:
        return StagePlan([Launch(spec.keys)])
    return StagePlan(skipped=[f"{name}: inputs unchanged since the last materialization and code versions equal"])


def plan_daily_facts(state: PlanState, spec: StageSpec) -> StagePlan:
    keys = spec.keys
    prices, holdings = state.source_dates.get(RAW_PRICES, []), state.source_dates.get(RAW_HOLDINGS, [])
    all_days = sorted(set(prices) | set(holdings))
    if code_changes(state, spec, latest_of(state.instance, keys)):
        return StagePlan(state.ranges(keys, all_days), dates=len(all_days))
    changed = set(state.changed_dates.get(RAW_PRICES, set())) | state.changed_dates.get(RAW_HOLDINGS, set())
    # fct_holding_changes of the next holdings date compares with a changed date.
    for day in sorted(state.changed_dates.get(RAW_HOLDINGS, set())):
        later = [d for d in holdings if d > day]
        if later:
            changed.add(later[0])
    recorded = latest_by_partition(state.instance, keys[0])
    changed |= {d for d in all_days if d.isoformat() not in recorded}
    plan = StagePlan(state.ranges(keys, changed), dates=len(changed))
    if len(changed) < len(all_days):
        plan.skipped.append(
            f"dbt daily facts: {len(all_days) - len(changed)} of {len(all_days)} dates have unchanged raw data"
        )
    return plan


def plan_fewshot(state: PlanState, spec: StageSpec) -> StagePlan:
    recorded = latest_of(state.instance, spec.keys)
    last = recorded.get(spec.keys[0])
    if last and last.data_version == seeds_version() and not code_changes(state, spec, recorded):
        return StagePlan(skipped=["fewshot_embeddings: seeds/fewshot unchanged (same sha256)"])
    return StagePlan([Launch(spec.keys)])


def plan_notification(state: PlanState, spec: StageSpec) -> StagePlan:
    """One run when a collected date in the range has no announcement (index probes, no count)."""
    pending = pending_dates(state.conn, state.first, state.last)
    if not pending:
        return StagePlan(skipped=["collection_notification: every collected date in the range is already announced"])
    return StagePlan([Launch(spec.keys)], dates=len(pending))


PLANNERS: dict[PlanKind, Callable[[PlanState, StageSpec], StagePlan]] = {
    PlanKind.ALWAYS: plan_always,
    PlanKind.RAW_MASTERS: plan_raw_masters,
    PlanKind.RAW_DAILY: plan_raw_daily,
    PlanKind.AFTER_UPSTREAM: plan_after_upstream,
    PlanKind.DAILY_FACTS: plan_daily_facts,
    PlanKind.FEWSHOT: plan_fewshot,
    PlanKind.NOTIFICATION: plan_notification,
}


def plan(state: PlanState, spec: StageSpec) -> StagePlan:
    return PLANNERS[spec.kind](state, spec)

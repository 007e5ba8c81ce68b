"""Targets, the Markdown table of bench/results/latest.md, and the README block between the bench markers."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class Target:
    key: str  # dotted path into latest.json
    op: str
    limit: float
    label: str


# architecture.md section 10 and issue 7.
TARGETS = (
    Target("graph_load.ratio", ">=", 20, "graph bulk load vs per-row Cypher (×)"),
    Target("graph_load.copy_ratio", "<=", 3, "graph bulk build, whole, vs plain COPY (×)"),
    Target("graph_load.load_copy_ratio", "<=", 3, "graph bulk build, insert phases only, vs plain COPY (×)"),
    Target("graph_load.bulk_s", "<", 10, "graph build, latest date (s)"),
    Target("api.ask.c16.p50_ms", "<", 25, "/v1/ask p50 at 16 clients (ms)"),
    Target("api.ask.c16.p99_ms", "<", 100, "/v1/ask p99 at 16 clients (ms)"),
    Target("api.ask_rules_only.c16.p50_ms", "<", 25, "/v1/ask rules only, p50 at 16 clients (ms)"),
    Target("api.ask_rules_only.c16.p99_ms", "<", 100, "/v1/ask rules only, p99 at 16 clients (ms)"),
    Target("api.search.c16.p50_ms", "<", 5, "/v1/etfs?q= p50 at 16 clients (ms)"),
    Target("api.search.c1.p50_ms", "<", 5, "/v1/etfs?q= p50 at 1 client (ms)"),
    Target("notify_sse.p50_ms", "<", 100, "NOTIFY → SSE client p50 (ms)"),
    # issue 13: a second `atlas materialize` with nothing new, and the notification stage from empty
    Target("pipeline.all_dates.noop_wall_s", "<", 60, "no-op `atlas materialize`, wall (s)"),
    Target("pipeline.all_dates.notification_stage_s", "<", 2, "notification stage, all dates from empty (s)"),
)


def get_path(data: Mapping[str, Any], dotted: str) -> Any:
    """The value at `a.b.c`, or None when any part is missing."""
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def evaluate_targets(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for target in TARGETS:
        measured = get_path(results, target.key)
        met = OPERATORS[target.op](float(measured), target.limit) if isinstance(measured, int | float) else None
        out.append(
            {
                "key": target.key,
                "label": target.label,
                "target": f"{target.op} {target.limit:g}",
                "measured": measured,
                "met": met,
            }
        )
    return out


def replace_readme_block(readme: str, block: str) -> str:
    """README with everything between the two markers replaced by `block`; the markers must exist, in order."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"README needs the markers {README_START} and {README_END} (in that order)")
    head = readme[: start + len(README_START)]
    return f"{head}\n{block.strip()}\n{readme[end:]}"


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def render_markdown(results: Mapping[str, Any]) -> str:
    machine = results.get("machine", {})
    lines = [
        f"_Measured {results.get('date', '?')} on {machine.get('cores', '?')} cores ({machine.get('cpu') or 'CPU ?'}),"
        f" 1-minute load average {machine.get('load_avg_1m', '?')} at the start"
        f" (the machine was shared); PostgreSQL {machine.get('postgres', '?')}."
        f" Command: `{results.get('command', 'make bench')}`. Figures are medians over the runs stated per table;"
        " latencies are measured by the client, on loopback._",
        "",
    ]
    lines += _targets_section(results)
    for section in (_pipeline_section, _graph_section, _api_section, _routes_section, _sse_section):
        part = section(results)
        if part:
            lines += ["", *part]
    empty = [r for key in ("search", "stock_etfs") for r in get_path(results, f"api.{key}.empty_results") or []]
    if empty:
        lines += ["", "**Requests that found nothing:** " + "; ".join(f"`{r}`" for r in empty)]
    if results.get("errors"):
        lines += ["", "**Sections that failed:** " + "; ".join(f"{k}: {v}" for k, v in results["errors"].items())]
    return "\n".join(lines) + "\n"


def _targets_section(results: Mapping[str, Any]) -> list[str]:
    rows = []
    for t in results.get("targets") or evaluate_targets(results):
        verdict = {True: "met", False: "**missed**", None: "not measured"}[t["met"]]
        rows.append([t["label"], t["target"], _num(t["measured"], 2), verdict])
    return ["**Targets**", "", *_table(["figure", "target", "measured", ""], rows)]


def _pipeline_section(results: Mapping[str, Any]) -> list[str]:
    pipeline = results.get("pipeline") or {}
    one, every = pipeline.get("one_date"), pipeline.get("all_dates")
    if not one and not every:
        return []
    groups = [
        ("raw load", "raw_load"),
        ("dbt", "dbt"),
        ("graph", "graph"),
        ("embeddings", "embeddings"),
        ("notification", "notification"),
    ]
    header = ["stage"]
    if one:
        header += [f"one date ({one['date']}), s", "rows", "rows/s"]
    if every:
        header += [f"all {every['dates']} dates, s", "rows", "rows/s"]
    rows = []
    for label, key in groups:
        row = [label]
        for run in (r for r in (one, every) if r):
            row += [_num(run.get(f"{key}_s"), 1), _num(run.get(f"{key}_rows")), _num(run.get(f"{key}_rows_per_s"), 0)]
        rows.append(row)
    total = ["**total**"]
    for run in (r for r in (one, every) if r):
        total += [f"**{_num(run.get('total_s'), 1)}**", "", ""]
    rows.append(total)
    runs = []
    if one:
        runs.append(f"one date: median of {one['runs']} runs")
    if every:
        runs.append(f"all dates ({every['first']} .. {every['last']}): {every['runs']} run")
    intro = (
        "**Pipeline** from an empty database (recorded KRX snapshot, real Dagster with an ephemeral instance, real dbt;"
        f" {'; '.join(runs)}). Rows: raw rows loaded, mart rows, graph vertices + edges, few-shot examples, events."
    )
    lines = [intro, "", *_table(header, rows)]
    if every and every.get("noop_wall_s") is not None:
        lines += [
            "",
            f"No-op re-run (`{every.get('noop_command', 'atlas materialize')}` in a new process, nothing new):"
            f" {_num(every.get('noop_wall_s'), 1)} s wall, {_num(every.get('noop_pipeline_s'), 1)} s in the pipeline,"
            f" {_num(every.get('noop_runs_launched'))} runs launched; notification stage from empty"
            f" {_num(every.get('notification_stage_s'), 2)} s.",
        ]
    return lines


def _graph_section(results: Mapping[str, Any]) -> list[str]:
    g = results.get("graph_load")
    if not g:
        return []
    intro = (
        f"**Graph load** of the latest holdings date ({g.get('as_of')}: {_num(g.get('nodes'))} vertices,"
        f" {_num(g.get('edges'))} edges; bulk and COPY: median of {len(g.get('bulk_runs_s', [])) or '?'} runs,"
        " per-row: 1 run, one prepared Cypher CREATE per vertex/edge in one transaction)."
    )
    header = [
        "bulk (graph_loader)",
        "of which inserts",
        "per-row Cypher",
        "per-row / bulk",
        "COPY (agtype)",
        "bulk / COPY",
        "COPY (text)",
        "bulk / COPY text",
    ]
    row = [
        f"{_num(g.get('bulk_s'), 2)} s",
        f"{_num(g.get('load_s'), 2)} s ({_num(g.get('load_copy_ratio'), 2)}× COPY)",
        f"{_num(g.get('per_row_s'), 1)} s",
        f"{_num(g.get('ratio'), 1)}×",
        f"{_num(g.get('copy_s'), 2)} s",
        f"{_num(g.get('copy_ratio'), 2)}×",
        f"{_num(g.get('copy_text_s'), 2)} s",
        f"{_num(g.get('copy_text_ratio'), 2)}×",
    ]
    return [intro, "", *_table(header, [row])]


API_SCENARIOS = {
    "ask": "POST /v1/ask, every request routed",
    "ask_rules_only": "POST /v1/ask, rules only (no embeddings)",
    "ask_repeat": "POST /v1/ask, repeated questions (cache)",
    "search": "GET /v1/etfs?q=",
    "stock_etfs": "GET /v1/stocks/{code}/etfs",
}


def _cpu(figures: Mapping[str, Any]) -> str:
    parts = [figures.get(f"cpu_ms_per_req_{p}") for p in ("server", "db", "embeddings")]
    return " + ".join(_num(p, 1) for p in parts) if any(p is not None for p in parts) else "–"


def _api_section(results: Mapping[str, Any]) -> list[str]:
    api = results.get("api")
    if not api:
        return []
    setup = api.get("setup", {})
    rows = []
    for key, label in API_SCENARIOS.items():
        for level, figures in (api.get(key) or {}).items():
            if not isinstance(figures, Mapping):
                continue  # e.g. the list of requests that found nothing
            rows.append(
                [
                    label,
                    level.lstrip("c"),
                    _num(figures.get("p50_ms"), 1),
                    _num(figures.get("p95_ms"), 1),
                    _num(figures.get("p99_ms"), 1),
                    _num(figures.get("rps"), 0),
                    _cpu(figures),
                    _num(figures.get("fewshot_share"), 2) if "fewshot_share" in figures else "",
                    _num(figures.get("errors")),
                ]
            )
    intro = (
        f"**API under load**: `atlas serve` ({setup.get('api_workers', 1)} worker process) on a database loaded with"
        f" {api.get('database', 'the snapshot')}, {setup.get('generator', 'async clients')}; each level: median of"
        f" {setup.get('runs_per_level', '?')} runs of {setup.get('seconds_per_run', '?')} s (at most"
        f" {setup.get('max_requests_per_run', '?')} requests). /v1/ask cycles through the"
        f" {sum((setup.get('ask_questions_per_intent') or {}).values())} evaluation questions of every intent;"
        " a distinct `as_of` after the loaded dates (same answers) keeps the answer cache out of the routed figures."
        " CPU ms per request: API process + PostgreSQL backends + embeddings server."
        " Few-shot: share of answers that used the embedding lookup"
        " (the router falls back to rules alone when the embeddings server is slow)."
    )
    header = ["endpoint", "clients", "p50 ms", "p95 ms", "p99 ms", "req/s", "CPU ms/req", "few-shot", "errors"]
    return [intro, "", *_table(header, rows)]


def _routes_section(results: Mapping[str, Any]) -> list[str]:
    routes = results.get("sql_vs_cypher")
    if not routes:
        return []
    rows = []
    for r in routes.values():
        if isinstance(r, Mapping) and "sql" in r:
            rows.append(
                [
                    r["question"],
                    _num(r["rows"]),
                    _num(r["sql"]["p50_ms"], 2),
                    _num(r["sql"]["p99_ms"], 2),
                    _num(r["cypher"]["p50_ms"], 2),
                    _num(r["cypher"]["p99_ms"], 2),
                    f"{_num(r['cypher_over_sql_p50'], 2)}×",
                    "yes" if r["same_rows"] else "**no**",
                ]
            )
    intro = (
        "**Same question, SQL route vs Cypher route** (the API's twin queries in query_api/sql, read-only role,"
        f" {routes.get('iterations', '?')} interleaved iterations each)."
    )
    header = [
        "question",
        "rows",
        "SQL p50 ms",
        "SQL p99 ms",
        "Cypher p50 ms",
        "Cypher p99 ms",
        "Cypher / SQL",
        "same rows",
    ]
    return [intro, "", *_table(header, rows)]


def _sse_section(results: Mapping[str, Any]) -> list[str]:
    s = results.get("notify_sse")
    if not s:
        return []
    intro = (
        f"**NOTIFY → SSE**: {s.get('events')} events written like the pipeline writes them (events.stream + pg_notify),"
        " one at a time, until a client of /v1/events has parsed each."
    )
    row = [_num(s.get("p50_ms"), 2), _num(s.get("p95_ms"), 2), _num(s.get("p99_ms"), 2), _num(s.get("lost"))]
    return [intro, "", *_table(["p50 ms", "p95 ms", "p99 ms", "lost"], [row])]

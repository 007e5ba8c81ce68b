"""bench/report.py: dotted keys, targets, the README block and the Markdown table (no timings asserted)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.report import README_END, README_START, evaluate_targets, get_path, render_markdown, replace_readme_block


def _results() -> dict[str, Any]:
    level = {"p50_ms": 20.0, "p95_ms": 60.0, "p99_ms": 90.0, "rps": 700.0, "errors": 0, "cpu_ms_per_req_server": 1.5}
    return {
        "date": "2026-01-01T00:00:00+00:00",
        "command": "make bench",
        "machine": {"cores": 2, "cpu": "Test CPU", "load_avg_1m": 0.5, "postgres": "17"},
        "graph_load": {"bulk_s": 0.5, "per_row_s": 20.0, "ratio": 40.0, "copy_s": 0.1, "copy_ratio": 5.0},
        "api": {"ask": {"c16": level}, "search": {"c16": {**level, "p50_ms": 7.5}}, "setup": {"runs_per_level": 3}},
        "notify_sse": {"p50_ms": 2.0, "p95_ms": 3.0, "p99_ms": 4.0, "events": 100, "lost": 0},
    }


def test_get_path_follows_dots_and_returns_none_for_missing_parts() -> None:
    data = {"api": {"ask": {"c16": {"p50_ms": 1.5}}}}
    assert get_path(data, "api.ask.c16.p50_ms") == 1.5
    assert get_path(data, "api.ask.c4.p50_ms") is None
    assert get_path(data, "api.ask.c16.p50_ms.deeper") is None


def test_targets_are_met_missed_or_not_measured() -> None:
    verdicts = {t["key"]: t["met"] for t in evaluate_targets(_results())}
    assert verdicts["graph_load.ratio"] is True  # 40 >= 20
    assert verdicts["graph_load.copy_ratio"] is False  # 5 > 3
    assert verdicts["api.ask.c16.p50_ms"] is True  # 20 < 25
    assert verdicts["api.search.c16.p50_ms"] is False  # 7.5 >= 5
    assert verdicts["notify_sse.p50_ms"] is True
    assert verdicts["api.ask_rules_only.c16.p50_ms"] is None  # not in the results


def test_readme_block_is_replaced_between_the_markers_only() -> None:
    readme = f"# Title\n\nintro\n\n{README_START}\nold table\n{README_END}\n\nafter\n"
    updated = replace_readme_block(readme, "| new | table |\n")
    assert updated == f"# Title\n\nintro\n\n{README_START}\n| new | table |\n{README_END}\n\nafter\n"
    assert replace_readme_block(updated, "| new | table |") == updated  # idempotent


@pytest.mark.parametrize(
    "readme", ["no markers", f"{README_START} only the start", f"{README_END} reversed {README_START}"]
)
def test_readme_without_both_markers_in_order_is_an_error(readme: str) -> None:
    with pytest.raises(ValueError, match="markers"):
        replace_readme_block(readme, "table")


def test_markdown_carries_the_machine_the_date_and_the_figures() -> None:
    text = render_markdown({**_results(), "targets": evaluate_targets(_results())})
    assert "2 cores" in text and "2026-01-01" in text and "`make bench`" in text
    assert "| POST /v1/ask, every request routed | 16 | 20.0 | 60.0 | 90.0 | 700 |" in text
    assert "**missed**" in text and "| 40.0× |" in text
    assert "| 2.00 | 3.00 | 4.00 | 0 |" in text  # NOTIFY → SSE row
    for line in text.splitlines():
        if line.startswith("|"):
            assert line.endswith("|"), line


def test_markdown_names_failed_sections() -> None:
    text = render_markdown({**_results(), "errors": {"graph load": "RuntimeError: boom"}})
    assert "graph load: RuntimeError: boom" in text


def test_requests_that_found_nothing_are_listed_not_tabulated() -> None:
    results = _results()
    results["api"]["search"]["empty_results"] = ["GET /v1/etfs?q=인버스&limit=20"]
    text = render_markdown(results)
    assert "**Requests that found nothing:** `GET /v1/etfs?q=인버스&limit=20`" in text
    assert "| GET /v1/etfs?q= | empty_results |" not in text


def test_pipeline_section_reports_the_noop_rerun_and_the_notification_against_their_targets() -> None:
    every = {
        "dates": 156, "first": "2024-05-23", "last": "2025-12-30", "runs": 1, "total_s": 450.0,
        "noop_wall_s": 6.5, "noop_pipeline_s": 1.6, "noop_runs_launched": 0, "notification_stage_s": 1.4,
        "noop_command": "atlas materialize",
    }  # fmt: skip
    results = {**_results(), "pipeline": {"all_dates": every}}
    verdicts = {t["key"]: t["met"] for t in evaluate_targets(results)}
    assert verdicts["pipeline.all_dates.noop_wall_s"] is True  # 6.5 < 60
    assert verdicts["pipeline.all_dates.notification_stage_s"] is True  # 1.4 < 2
    slow = {**results, "pipeline": {"all_dates": {**every, "noop_wall_s": 66.0}}}
    assert {t["key"]: t["met"] for t in evaluate_targets(slow)}["pipeline.all_dates.noop_wall_s"] is False
    text = render_markdown({**results, "targets": evaluate_targets(results)})
    assert "No-op re-run (`atlas materialize` in a new process, nothing new): 6.5 s wall" in text
    assert "notification stage from empty 1.40 s" in text

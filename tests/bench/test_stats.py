"""bench/stats.py: nearest-rank percentiles, latency summaries and medians over runs."""

from __future__ import annotations

import pytest

from bench.stats import latency_summary, median_of_runs, percentile


def test_nearest_rank_percentiles_of_one_to_hundred() -> None:
    samples = [float(v) for v in range(100, 0, -1)]  # order must not matter
    assert percentile(samples, 50) == 50.0
    assert percentile(samples, 95) == 95.0
    assert percentile(samples, 99) == 99.0
    assert percentile(samples, 100) == 100.0


def test_percentile_never_interpolates() -> None:
    assert percentile([1.0, 10.0], 50) == 1.0
    assert percentile([1.0, 10.0], 51) == 10.0
    assert percentile([7.0], 99) == 7.0


@pytest.mark.parametrize("q", [0, -1, 100.5])
def test_percentile_rejects_out_of_range(q: float) -> None:
    with pytest.raises(ValueError, match="percentile"):
        percentile([1.0], q)


def test_percentile_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 50)


def test_latency_summary() -> None:
    summary = latency_summary([4.0, 1.0, 3.0, 2.0])
    assert summary == {"n": 4, "p50_ms": 2.0, "p95_ms": 4.0, "p99_ms": 4.0, "mean_ms": 2.5, "max_ms": 4.0}


def test_median_of_runs_takes_medians_key_by_key_and_recurses() -> None:
    runs = [
        {"p50_ms": 3.0, "rps": 100, "label": "a", "phases": {"link": 1.0}},
        {"p50_ms": 1.0, "rps": 300, "label": "b", "phases": {"link": 3.0}},
        {"p50_ms": 2.0, "rps": 200, "label": "c", "phases": {"link": 2.0}},
    ]
    assert median_of_runs(runs) == {"p50_ms": 2.0, "rps": 200, "label": "a", "phases": {"link": 2.0}}


def test_median_of_an_even_number_of_runs_is_the_mean_of_the_middle_two() -> None:
    assert median_of_runs([{"x": 1}, {"x": 2}, {"x": 4}, {"x": 10}]) == {"x": 3.0}


def test_median_of_runs_refuses_runs_with_different_figures() -> None:
    with pytest.raises(ValueError, match="different figures"):
        median_of_runs([{"a": 1.0}, {"a": 1.0, "b": 2.0}])
    with pytest.raises(ValueError, match="no runs"):
        median_of_runs([])


def test_booleans_are_not_averaged() -> None:
    assert median_of_runs([{"ok": True}, {"ok": False}, {"ok": False}]) == {"ok": True}


def test_nested_breakdowns_keep_the_phases_every_run_has() -> None:
    runs = [{"p50": 1.0, "phases": {"plan": 1.0, "embed": 9.0}}, {"p50": 3.0, "phases": {"plan": 3.0}}]
    assert median_of_runs(runs) == {"p50": 2.0, "phases": {"plan": 2.0}}

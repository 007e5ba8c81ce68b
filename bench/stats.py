"""Summary statistics for the benchmarks: nearest-rank percentiles and medians over repeated runs."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (the smallest sample with at least q% of the samples at or below it).

    Nearest rank never invents a value between two samples, so p99 of 100 samples is the 99th smallest one.
    """
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 < q <= 100:
        raise ValueError(f"percentile must be in (0, 100], not {q}")
    ordered = sorted(samples)
    rank = math.ceil(q / 100 * len(ordered))
    return ordered[rank - 1]


def latency_summary(samples_ms: Sequence[float]) -> dict[str, float | int]:
    """p50/p95/p99/mean/max of latencies in milliseconds, rounded for reading."""
    if not samples_ms:
        raise ValueError("no latency samples")
    return {
        "n": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 3),
        "p95_ms": round(percentile(samples_ms, 95), 3),
        "p99_ms": round(percentile(samples_ms, 99), 3),
        "mean_ms": round(statistics.fmean(samples_ms), 3),
        "max_ms": round(max(samples_ms), 3),
    }


def median_of_runs(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Key by key median of several runs' numeric figures (nested mappings too); other values come from the first run.

    Every run must have the same keys: a figure missing from one run would silently bias the median.
    """
    if not runs:
        raise ValueError("median of no runs")
    keys = list(runs[0])
    for run in runs[1:]:
        if list(run) != keys:
            raise ValueError(f"runs have different figures: {sorted(set(run) ^ set(keys))}")
    out: dict[str, Any] = {}
    for key in keys:
        values = [run[key] for run in runs]
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            median = statistics.median(values)
            out[key] = round(median, 3) if isinstance(median, float) else median
        elif all(isinstance(v, Mapping) for v in values):
            # Nested breakdowns (e.g. the API's per-phase timings) may lack a phase that no request of one run
            # went through: the median covers the phases every run has.
            common = [k for k in values[0] if all(k in v for v in values)]
            out[key] = median_of_runs([{k: v[k] for k in common} for v in values])
        else:
            out[key] = values[0]
    return out

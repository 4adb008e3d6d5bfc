"""Timing helpers shared by the benchmarks: percentiles of repeated calls, printed as they are taken."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pick(p: float) -> float:
        # linear interpolation between the closest ranks
        position = (len(ordered) - 1) * p
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return {
        "p50": round(pick(0.50), 3),
        "p95": round(pick(0.95), 3),
        "p99": round(pick(0.99), 3),
        "mean": round(statistics.fmean(ordered), 3),
        "max": round(ordered[-1], 3),
        "n": len(ordered),
    }


def timed(name: str, iterations: int, warmup: int, call: Callable[[int], Any]) -> dict[str, float]:
    for i in range(warmup):
        call(i)
    samples = []
    for i in range(iterations):
        started = time.perf_counter()
        call(warmup + i)
        samples.append((time.perf_counter() - started) * 1000)
    figures = percentiles(samples)
    print(
        f"  {name:<46} p50 {figures['p50']:7.2f}  p95 {figures['p95']:7.2f}  p99 {figures['p99']:7.2f} ms", flush=True
    )
    return figures

"""What every benchmark shares: the median of repeated runs after a warm-up."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(run: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs, after one warm-up run."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed_pair(run: Callable[[], object], floor: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The medians of `run` and of its `floor`, taken in turns after one warm-up of each, so that
    other work on a shared machine weighs on both alike."""
    run(), floor()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for which, case in enumerate((run, floor)):
            start = time.perf_counter()
            case()
            times[which].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])

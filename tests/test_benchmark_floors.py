"""A benchmark's floor must do the work of the code it is compared with: these run the floors
on a short history and compare what they write with what the product writes, so a floor that
drifts from the product (or a benchmark that no longer runs) fails here, not in a closing table."""

from __future__ import annotations

import os

from benchmarks import load_benchmark, seed_benchmark
from monitoring.months import add_months, month_of
from monitoring.settings import get_settings
from plan import read_plan_file


def test_the_seed_floor_writes_what_seed_demo_writes(monkeypatch) -> None:
    for name in ("DATABASE_URL", "MONITORING_DATA_DIR", "MONITORING_DEFAULT_PLAN_FILE"):
        monkeypatch.setenv(name, os.environ.get(name, ""))  # restored after the test
    start = month_of(read_plan_file(seed_benchmark.PNIPGM).plan.start)
    until = add_months(start, 2)
    try:
        _, stored = seed_benchmark.in_process(seed_benchmark.seed_case, until, repeat=1)
        _, floor = seed_benchmark.in_process(seed_benchmark.floor_case, until, repeat=1)
    finally:
        get_settings.cache_clear()
    revisions, values, events = stored
    assert revisions and values and events  # three months of the plan, with indicators and events
    assert floor == stored


def test_the_load_benchmark_submissions_are_accepted(monkeypatch) -> None:
    """Its submissions must be ones the service accepts (a refused one is timed as nothing)."""
    for name in ("DATABASE_URL", "MONITORING_POOL_SIZE", "MONITORING_MAX_OVERFLOW", "MONITORING_AUDIT_KEY"):
        monkeypatch.setenv(name, os.environ.get(name, ""))  # restored after the test
    url, drop = load_benchmark.database(None)
    try:
        engine, plan, actors, alone = load_benchmark.prepare(url, 2)
        single, floors = load_benchmark.uncontended(engine, plan, alone, repeat=2)
        pressed = load_benchmark.Run()
        months = ["2019-09"]
        load_benchmark.burst(
            lambda a, m, i: load_benchmark.submit(engine, pressed, a, plan, m, i), actors, months
        )
        engine.dispose()
    finally:
        drop()
        get_settings.cache_clear()
    assert len(single.latencies) == len(floors) == 2 and not single.errors
    assert len(pressed.latencies) == len(actors) and not pressed.errors, pressed.errors

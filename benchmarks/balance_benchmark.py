"""How fast the public balance workbook is built, against a floor.

    .venv/bin/python -m benchmarks.balance_benchmark [--repeat 15] [--scale]

Two times per case: the whole export (`balance_workbook`: the tables computed from the database,
then written) against a target in seconds, and the writing alone (`workbook_bytes` of tables
already computed: print setup, styles, charts, labels) against its floor, measured in the same
run: the same tables written with bare `DataFrame.to_excel` through openpyxl, with no styles,
charts or labels (writing the report can't be faster). The writing and its floor run in turns,
and each is the best of `--repeat` runs, since other work on a shared machine only ever adds
time. The history is synthetic: every measure reported every month, stage moving forward over
time, in a temporary SQLite database. `--scale` adds 2,000 measures over 10 years.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import insert

from benchmarks.synthetic import synthetic_plan
from benchmarks.timing import timed
from monitoring.auth import Role, create_user
from monitoring.db import engine_for, session_scope, upgrade
from monitoring.export import balance_tables, balance_workbook, workbook_bytes
from monitoring.months import add_months, first_day, months_between
from monitoring.plan_store import load_plan
from monitoring.tables import IndicatorValue, StatusRevision
from plan import Plan, read_plan_file

ROOT = Path(__file__).resolve().parent.parent
PNIPGM = ROOT / "data" / "pnipgm.yaml"
TARGETS = {"PNIPGM, 2019-08..2026-10": 2.0, "2,000 measures, 10 years": 20.0}
RATIO_TARGET = 1.5  # writing the report, against bare to_excel of the same tables


def peak_mib(run: Callable[[], object]) -> float:
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def build_history(url: str, plan: Plan, first: str, last: str) -> None:
    """The plan, one focal point, and a report on every measure every month (core inserts)."""
    engine = engine_for(url)
    upgrade(engine)
    with session_scope(engine) as session:
        version = load_plan(session, plan).version
        user = create_user(session, email="fp@example.pt", name="Focal point", role=Role.FOCAL_POINT,
                           password="benchmark password", bodies=(plan.measures[0].lead_body,))  # fmt: skip
        ids = (version.plan_code, version.id, user.id)
    rng = random.Random(7)
    months = months_between(first, last)
    revisions, values = _rows(plan, months, ids, rng)
    with engine.begin() as connection:
        for start in range(0, len(revisions), 20_000):
            connection.execute(insert(StatusRevision), revisions[start : start + 20_000])
        for start in range(0, len(values), 20_000):
            connection.execute(insert(IndicatorValue), values[start : start + 20_000])


def _rows(plan: Plan, months: list[str], ids: tuple, rng: random.Random) -> tuple[list[dict], list[dict]]:
    plan_code, version_id, author = ids
    revisions, values, number = [], [], 0
    for measure in plan.measures:
        starts, ends = rng.randrange(len(months)), rng.randrange(len(months) * 2)
        indicators = [i.code for i in measure.indicators]
        for n, month in enumerate(months):
            number += 1
            stage = "not_started" if n < starts else "in_progress"
            if not measure.continuous and n >= max(starts, ends):
                stage = "completed"
            submitted = dt.datetime.fromisoformat(f"{add_months(month, 1)}-05T12:00:00+00:00")
            revisions.append({
                "id": number, "plan_code": plan_code, "plan_version_id": version_id,
                "measure_code": measure.code, "month": month, "body_code": measure.lead_body,
                "stage": stage, "pace": "on_track" if measure.continuous and stage == "in_progress" else None,
                "done": f"Work done in {month}", "author_id": author, "submitted_at": submitted,
            })  # fmt: skip
            values += [
                {"revision_id": number, "indicator_code": code, "value": float(n)} for code in indicators
            ]
    return revisions, values


def floor_writer(tables: dict[str, pd.DataFrame]) -> Callable[[], bytes]:
    def write() -> bytes:
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            for name, frame in tables.items():
                frame.to_excel(writer, sheet_name=name, index=False)
        return buffer.getvalue()

    return write


def best_in_turns(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """The best time of each of two runs, taken in turns after one warm-up each."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for run, found in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            run()
            found.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def measure_case(label: str, plan: Plan, first: str, last: str, repeat: int) -> tuple:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        build_history(url, plan, first, last)
        with session_scope(engine_for(url)) as session:
            today = first_day(add_months(last, 1))  # the 10-year case runs into the future
            run = lambda: balance_workbook(session, as_of=last, language="pt", today=today)  # noqa: E731
            balance = balance_tables(session, as_of=last, today=today)
            whole = timed(run, max(3, repeat // 5))
            write, floor = best_in_turns(
                lambda: workbook_bytes(balance), floor_writer(balance.tables), repeat
            )
            memory = peak_mib(run)
        engine_for(url).dispose()
    return label, whole, write, floor, memory


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--scale", action="store_true", help="also 2,000 measures over 10 years")
    args = parser.parse_args(argv)
    cases = [("PNIPGM, 2019-08..2026-10", read_plan_file(PNIPGM), "2019-08", "2026-10")]
    if args.scale:
        cases.append(("2,000 measures, 10 years", synthetic_plan(2000), "2019-08", "2029-07"))
    rows = [measure_case(*case, args.repeat) for case in cases]
    header = ("case", "export s", "target", "write s", "floor s", "ratio", "peak MiB")
    print("{:28} {:>8} {:>7} {:>8} {:>8} {:>6} {:>9}".format(*header))
    for label, whole, write, floor, memory in rows:
        target = f"<{TARGETS[label]:g} s"
        ratio = write / floor
        print(f"{label:28} {whole:8.2f} {target:>7} {write:8.3f} {floor:8.3f} {ratio:5.2f}x {memory:9.0f}")
    print(f"write/floor target: <{RATIO_TARGET:g}x (best of {args.repeat}, in turns); export: median;")
    print("peak memory by tracemalloc (Python allocations).")


if __name__ == "__main__":
    main()

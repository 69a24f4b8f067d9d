"""How fast the public balance is built, in two parts, each against its own floor.

    .venv/bin/python -m benchmarks.balance_benchmark [--repeat 15] [--scale]

Tables: `balance_tables` (the record as of the last month and as of 12 months before, group
counts, measures with their latest validated narrative, indicators, changes), computed live
(nothing stored) and read from the stored snapshots (a closed month, the second time), against a
floor that computes the same tables from the database with plain SQL written from the rules
(tests/asof_sql.py for each month's states, choosing each month's report as the dashboard
benchmark's tuned floor does; one window query for each indicator's first and latest value; the
months' states and the revisions for the validated narratives) and plain Python for the counts.
Writing: `workbook_bytes` (print setup, styles, charts, labels) against the same tables written
with bare `DataFrame.to_excel` through openpyxl, with no styles, charts or labels (writing the
report can't be faster); the two run in turns and each is the best of `--repeat` runs, since
other work on a shared machine only ever adds time.
The history is synthetic: every measure reported every month, stage moving forward over time,
three months in four validated before the close, in a temporary SQLite database. `--scale`
adds 2,000 measures over 10 years.
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
from sqlalchemy import String, bindparam, insert, select, text

from benchmarks.dashboard_benchmark import TUNED
from benchmarks.synthetic import synthetic_plan
from benchmarks.timing import timed
from monitoring.auth import Role, create_user
from monitoring.db import engine_for, session_scope, upgrade
from monitoring.export import balance_tables, workbook_bytes
from monitoring.months import add_months, first_day, months_between
from monitoring.plan_store import current_version, load_plan
from monitoring.progress import _status
from monitoring.settings import get_settings
from monitoring.snapshots import forget_snapshots
from monitoring.tables import BodyMonthEvent, IndicatorValue, StatusRevision
from plan import Plan, read_plan_file
from tests.asof_sql import UTCDateTime, as_of_rows, closing_cut

ROOT = Path(__file__).resolve().parent.parent
PNIPGM = ROOT / "data" / "pnipgm.yaml"
TARGETS = {"PNIPGM, 2019-08..2026-10": 1.0, "2,000 measures, 10 years": 10.0}
RATIO_TARGET = 2.0


def peak_mib(run: Callable[[], object]) -> float:
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def build_history(url: str, plan: Plan, first: str, last: str) -> None:
    """The plan, one focal point, a report on every measure every month and most months validated
    (core inserts)."""
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
    events = _validations(plan, months, ids, rng)
    with engine.begin() as connection:
        for start in range(0, len(revisions), 20_000):
            connection.execute(insert(StatusRevision), revisions[start : start + 20_000])
        for start in range(0, len(values), 20_000):
            connection.execute(insert(IndicatorValue), values[start : start + 20_000])
        connection.execute(insert(BodyMonthEvent), events)


def _validations(plan: Plan, months: list[str], ids: tuple, rng: random.Random) -> list[dict]:
    """Each lead body's month validated three days after its reports, three months in four: the
    narratives published are those of validated months."""
    plan_code, _, author = ids
    return [
        {"plan_code": plan_code, "month": month, "body_code": body, "event": "validated", "comment": "",
         "actor_id": author, "at": dt.datetime.fromisoformat(f"{add_months(month, 1)}-08T12:00:00+00:00")}
        for body in sorted({m.lead_body for m in plan.measures})
        for month in months
        if rng.random() < 0.75
    ]  # fmt: skip


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


INDICATOR_ENDS = """
WITH events AS (
    SELECT body_code, month, event, max(id) AS id FROM body_month_event
    WHERE plan_code = :plan AND at < :cut GROUP BY body_code, month
),
values_ AS (
    SELECT v.indicator_code, r.month, v.value,
           ROW_NUMBER() OVER (PARTITION BY v.indicator_code, r.month ORDER BY r.id DESC) AS newest
    FROM status_revision r JOIN indicator_value v ON v.revision_id = r.id
    LEFT JOIN events e ON e.body_code = r.body_code AND e.month = r.month
    WHERE r.plan_code = :plan AND r.month <= :as_of AND r.submitted_at < :cut
      AND (e.event IS NULL OR e.event <> 'sent_back')
),
ranked AS (
    SELECT indicator_code, month, value,
           ROW_NUMBER() OVER (PARTITION BY indicator_code ORDER BY month) AS from_first,
           ROW_NUMBER() OVER (PARTITION BY indicator_code ORDER BY month DESC) AS from_last
    FROM values_ WHERE newest = 1
)
SELECT indicator_code, month, value, from_first = 1 FROM ranked WHERE from_first = 1 OR from_last = 1
"""
ENDS = text(INDICATOR_ENDS).bindparams(bindparam("plan", type_=String), bindparam("as_of", type_=String),
                                       bindparam("cut", type_=UTCDateTime))  # fmt: skip
# For the validated narratives: each body's month in the state of its latest event (max(id):
# SQLite returns the bare columns of that row), and every revision dated before the cut.
STATES = text("""
SELECT body_code, month, event, max(id) FROM body_month_event
WHERE plan_code = :plan AND month <= :as_of AND at < :cut GROUP BY body_code, month
""").bindparams(bindparam("plan", type_=String), bindparam("as_of", type_=String),
                bindparam("cut", type_=UTCDateTime))  # fmt: skip
REVISIONS = text("""
SELECT id, measure_code, month, body_code FROM status_revision
WHERE plan_code = :plan AND month <= :as_of AND submitted_at < :cut
""").bindparams(bindparam("plan", type_=String), bindparam("as_of", type_=String),
                bindparam("cut", type_=UTCDateTime))  # fmt: skip


def validated_narratives(session, params: dict) -> dict[str, tuple[str, str]]:
    """Each measure's latest validated month and the "done" text of its revision stored last."""
    connection = session.connection()
    validated = {(b, m) for b, m, event, _ in connection.execute(STATES, params) if event == "validated"}
    chosen: dict[str, tuple[str, int]] = {}
    for revision, measure, month, body in connection.execute(REVISIONS, params):
        if (body, month) in validated and (month, revision) > chosen.get(measure, ("", -1)):
            chosen[measure] = (month, revision)
    ids = [revision for _, revision in chosen.values()]
    done = {}
    for start in range(0, len(ids), 1000):
        query = select(StatusRevision.id, StatusRevision.done).where(
            StatusRevision.id.in_(ids[start : start + 1000])
        )
        done.update(tuple(row) for row in session.execute(query))
    return {measure: (month, done[revision]) for measure, (month, revision) in chosen.items()}


def tables_floor(session, plan: Plan, as_of: str, since: str) -> dict[str, list]:
    """The balance's tables from plain SQL written from the rules, and plain Python."""
    version, connection = current_version(session), session.connection()
    zone, day = plan.plan.timezone or get_settings().timezone, get_settings().closing_day
    stalled = get_settings().stalled_months
    state = {
        month: as_of_rows(connection, query=TUNED["sqlite"], plan_code=version.plan_code,
                          version_id=version.id, as_of=month, cut=closing_cut(month, day, zone),
                          validated_only=False, stalled_months=stalled)
        for month in (as_of, since)
    }  # fmt: skip
    objectives = {o.code: o for o in plan.objectives}
    groups = {"axis": lambda m: objectives[m.objective].axis, "objective": lambda m: m.objective,
              "lead_body": lambda m: m.lead_body}  # fmt: skip
    tables: dict[str, list] = {}
    for name, key in groups.items():
        counts: dict[str, dict[str, int]] = {}
        for measure, row in zip(plan.measures, state[as_of], strict=True):
            group = counts.setdefault(
                key(measure),
                dict.fromkeys(
                    ("not_started", "in_progress", "completed", "continuous", "overdue", "total"), 0
                ),
            )
            group["continuous" if row[2] else row[1]] += 1
            group["overdue"] += row[3]
            group["total"] += 1
        tables[name] = list(counts.items())
    params = {"plan": version.plan_code, "as_of": as_of, "cut": closing_cut(as_of, day, zone)}
    narratives = validated_narratives(session, params)
    tables["measures"] = [(*row, *narratives.get(row[0], (None, ""))) for row in state[as_of]]
    ends: dict[str, dict] = {}
    for code, month, value, is_first in connection.execute(ENDS, params):
        ends.setdefault(code, {})["first" if is_first else "last"] = (month, float(value))
    tables["indicators"] = []
    for _, indicator in plan.indicators():
        found = ends.get(indicator.code, {})
        first = found.get("first", (None, float("nan")))
        last = found.get("last", first)
        tables["indicators"].append((indicator.code, *_status(indicator, *first, *last)))
    tables["changes"] = [
        (a[0], b[1], a[1]) for a, b in zip(state[as_of], state[since], strict=True) if a[1] != b[1]
    ]
    return tables


def same_tables(app: dict[str, pd.DataFrame], floor: dict[str, list]) -> None:
    """The app's tables hold what the floor computed: every count, state, narrative and status."""
    groups = {"by_axis": "axis", "by_objective": "objective", "by_body": "lead_body"}
    for name, key in groups.items():
        columns = ["not_started", "in_progress", "completed", "continuous", "overdue", "total"]
        shown = {row[key]: [int(row[c]) for c in columns] for _, row in app[name].iterrows()}
        assert shown == {group: [counts[c] for c in columns] for group, counts in floor[key]}, name
    measures = app["measures"]
    expected = [(r[0], r[1], bool(r[3]), r[7], r[10], r[9]) for r in floor["measures"]]
    shown = list(zip(measures["code"], measures["stage"], measures["overdue"], measures["last_change"],
                     measures["last_narrative"], measures["narrative_month"], strict=True))  # fmt: skip
    assert shown == expected, "measures"
    indicators = app["indicators"]
    plain = lambda v: None if v is None or pd.isna(v) else v  # noqa: E731
    shown = [(i, plain(p), s) for i, p, s in zip(indicators["indicator"], indicators["percent_of_target"],
                                                 indicators["status"], strict=True)]  # fmt: skip
    assert shown == [(i, plain(p), s) for i, p, s in floor["indicators"]], "indicators"
    changes = list(
        zip(app["changes"]["measure"], app["changes"]["before"], app["changes"]["after"], strict=True)
    )
    assert changes == floor["changes"], "changes"


def measure_case(label: str, plan: Plan, first: str, last: str, repeat: int) -> list[tuple]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        build_history(url, plan, first, last)
        since = add_months(last, -12)
        with session_scope(engine_for(url)) as session:
            today = first_day(add_months(last, 1))  # the 10-year case runs into the future

            def live():
                forget_snapshots(session, plan.plan.code)
                return balance_tables(session, as_of=last, since=since, today=today)

            stored = lambda: balance_tables(session, as_of=last, since=since, today=today)  # noqa: E731
            balance = live()
            floor_tables = tables_floor(session, plan, last, since)
            same_tables(balance.tables, floor_tables)
            tables_live = timed(live, repeat)
            tables_stored = timed(stored, repeat)
            tables_floor_time = timed(lambda: tables_floor(session, plan, last, since), repeat)
            writing, writing_floor = best_in_turns(
                lambda: workbook_bytes(balance), floor_writer(balance.tables), repeat
            )
            memory = peak_mib(lambda: workbook_bytes(live()))
        engine_for(url).dispose()
    floors = tables_floor_time + writing_floor
    return [
        (f"{label}: tables, live", tables_live, tables_floor_time, None, memory),
        (f"{label}: tables, stored", tables_stored, tables_floor_time, None, None),
        (f"{label}: writing the workbook", writing, writing_floor, None, None),
        (f"{label}: tables + workbook", tables_live + writing, floors, TARGETS[label], None),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--scale", action="store_true", help="also 2,000 measures over 10 years")
    args = parser.parse_args(argv)
    cases = [("PNIPGM, 2019-08..2026-10", read_plan_file(PNIPGM), "2019-08", "2026-10")]
    if args.scale:
        cases.append(("2,000 measures, 10 years", synthetic_plan(2000), "2019-08", "2029-07"))
    rows = [row for case in cases for row in measure_case(*case, args.repeat)]
    print(f"{'what':52} {'time s':>8} {'floor s':>8} {'ratio':>6} {'target':>12} {'':>6} {'peak MiB':>9}")
    for label, app, floor, target, memory in rows:
        ratio = app / floor
        wanted = f"<{target:g} s, <={RATIO_TARGET:g}x" if target else f"<={RATIO_TARGET:g}x"
        ok = ratio <= RATIO_TARGET and (target is None or app < target)
        memory_text = "" if memory is None else f"{memory:9.0f}"
        verdict = "ok" if ok else "MISSED"
        print(f"{label:52} {app:8.3f} {floor:8.3f} {ratio:5.2f}x {wanted:>12} {verdict:>6} {memory_text}")
    print("peak memory by tracemalloc (Python allocations) of tables + workbook.")


if __name__ == "__main__":
    main()

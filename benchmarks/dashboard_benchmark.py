"""How fast the overview's as-of snapshot is at scale, against a hand-written SQL floor.

    .venv/bin/python -m benchmarks.dashboard_benchmark [--small] [--repeat 5] [--rebuild]

The history: 30 synthetic plans of 150 measures over 120 months, about 3 revisions per
measure and month (about 1.6 million status_revision rows), with the bodies' month events
(submitted, validated, sent back and resubmitted) and one indicator value per measure-month.
`--small` is 3 plans over 60 months. The SQLite database is built once and cached at
/tmp/dashboard-benchmark-<size>-v3.sqlite: later runs reuse it (a minute saved); delete the
file or pass --rebuild to build it again. Set BENCH_DATABASE_URL to a PostgreSQL URL (an empty,
scratch database) to measure there too: the same history is copied in once with COPY and
reused while it is complete.

Measured for the plan the overview shows (the newest loaded), as of the history's last month,
on the record basis: the app's snapshot + `stage_counts` + `progress_by(axis)`, (a) for a
closed month, read from the stored snapshot, and (b) for a month still open, computed live,
against the fair floor: one SQL query written from the rules (tests/asof_sql.py) that returns
every column the app returns (stage, overdue, stalled, regressed, missing, last change, last
revision) per measure, plus the same rollups in plain Python. Every column of every measure
must be equal. Then the overview page itself through AppTest: cold (Streamlit's cache cleared,
the closed month stored, as after a new report), cold with nothing stored yet (the first view
of a month after its close), and warm. Peak memory is the peak RSS of a fresh process that
runs the path once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from benchmarks.signed_in import sign_in_pages
from benchmarks.synthetic import synthetic_document
from benchmarks.timing import timed
from monitoring.audit_chain import new_key
from monitoring.auth import Role, create_user
from monitoring.db import engine_for, session_scope, upgrade
from monitoring.months import add_months, months_between
from monitoring.plan_store import current_version, load_plan, stored_plan
from monitoring.progress import STAGES, as_of_moment, progress_by, stage_counts
from monitoring.settings import get_settings
from monitoring.snapshots import SETTLE, forget_snapshots, snapshot_as_of
from monitoring.tables import StatusRevision
from plan.validation import validate_document
from tests.asof_sql import COLUMNS, FLAGS, PARAMETERS, as_of_rows

ROOT = Path(__file__).resolve().parent.parent
CACHE_VERSION = 3
STORED_TARGET = 1.0
RATIO_TARGET = 1.5
PAGE_TARGET = 1.5
MEMORY_TARGET_MIB = 1024
FIRST_MONTH = "2016-08"
REVISION_COLUMNS = (
    "id", "plan_code", "plan_version_id", "measure_code", "month", "body_code", "stage", "pace",
    "percent", "done", "author_id", "submitted_at", "late", "channel",
)  # fmt: skip
EVENT_COLUMNS = ("plan_code", "month", "body_code", "event", "actor_id", "at")
VALUE_COLUMNS = ("revision_id", "indicator_code", "value")
# How many revisions a measure-month gets: 0 (not reported) to 6, three on average.
REVISION_COUNTS = (0, 1, 2, 3, 4, 5, 6)
REVISION_WEIGHTS = (5, 15, 20, 20, 20, 15, 5)


@dataclass(frozen=True)
class Scale:
    name: str
    plans: int
    measures: int
    months: int

    @property
    def month_list(self) -> list[str]:
        return months_between(FIRST_MONTH, add_months(FIRST_MONTH, self.months - 1))

    @property
    def as_of(self) -> str:
        return self.month_list[-1]

    def cache_file(self) -> Path:
        return Path(tempfile.gettempdir()) / f"dashboard-benchmark-{self.name}-v{CACHE_VERSION}.sqlite"


FULL = Scale("full", plans=30, measures=150, months=120)
SMALL = Scale("small", plans=3, measures=150, months=60)


# ---- the synthetic history ----------------------------------------------------------------


def plan_document(scale: Scale, number: int) -> dict:
    """A synthetic plan with its own code, starting in the history's first month."""
    document = synthetic_document(scale.measures, seed=number)
    document["plan"]["code"] = f"BENCH{number:02d}"
    document["plan"]["start"] = dt.date.fromisoformat(f"{FIRST_MONTH}-01")
    return document


def store_plans(engine: Engine, scale: Scale) -> tuple[dict[str, int], int]:
    """Every plan (by `load_plan`) and one focal point: the plan version ids and the user id."""
    upgrade(engine)
    ids = {}
    with session_scope(engine) as session:
        for number in range(scale.plans):
            plan = validate_document(plan_document(scale, number), file="synthetic")
            ids[plan.plan.code] = load_plan(session, plan, source_name="benchmark").version.id
        user = create_user(session, email="bench@example.pt", name="Benchmark", role=Role.SECRETARIAT,
                           password="benchmark password")  # fmt: skip
        return ids, user.id


def history(scale: Scale, versions: dict[str, int], author: int) -> Iterator[tuple[list, list, list]]:
    """Month by month: the revisions (ids in submission order), the month events and the
    indicator values. Deterministic, so every database gets the same history."""
    plans = {code: validate_document(plan_document(scale, n), file="s") for n, code in enumerate(versions)}
    rng = random.Random(2024)
    courses = {
        (code, m.code): (rng.randrange(scale.months), rng.randrange(scale.months * 2))
        for code, plan in plans.items()
        for m in plan.measures
    }
    number = 0
    for index, month in enumerate(scale.month_list):
        revisions, values, bodies = [], [], set()
        closing = dt.datetime.fromisoformat(f"{add_months(month, 1)}-01T09:00:00+00:00")
        for code, plan in plans.items():
            for measure in plan.measures:
                starts, ends = courses[(code, measure.code)]
                stage = _stage(index, starts, ends, measure.continuous, rng)
                count = rng.choices(REVISION_COUNTS, REVISION_WEIGHTS)[0]
                at = closing + dt.timedelta(days=rng.randrange(20), minutes=rng.randrange(600))
                for k in range(count):
                    number += 1
                    body = measure.lead_body if rng.random() < 0.8 else measure.co_bodies[0]
                    final = k == count - 1
                    revisions.append((
                        number, code, versions[code], measure.code, month, body,
                        stage if final else rng.choice(STAGES), None, None, f"Work done in {month}",
                        author, at, at.day > 10, "app",
                    ))  # fmt: skip
                    bodies.add((code, body))
                    at += dt.timedelta(days=rng.choice((0, 1, 3, 40, 120)), hours=rng.randrange(24))
                if count:
                    values.append((number, measure.indicators[0].code, float(index)))
        yield revisions, _events(month, sorted(bodies), closing, author, rng), values


def _stage(index: int, starts: int, ends: int, continuous: bool, rng: random.Random) -> str:
    stage = "not_started" if index < starts else "in_progress"
    if not continuous and index >= max(starts, ends):
        stage = "completed" if rng.random() > 0.02 else "in_progress"  # a few regressions
    return stage


def _events(month: str, bodies: list, closing: dt.datetime, author: int, rng: random.Random) -> list:
    """Each reporting body's month submitted; most validated, a few sent back (some resubmitted)."""
    rows = []
    for code, body in bodies:
        at = closing + dt.timedelta(days=25)
        outcome = rng.choices(("validated", "submitted", "sent_back", "resubmitted"), (80, 12, 4, 4))[0]
        events = {"resubmitted": ("submitted", "sent_back", "submitted")}.get(outcome, ("submitted",))
        if outcome in ("validated", "sent_back"):
            events += (outcome,)
        rows += [
            (code, month, body, event, author, at + dt.timedelta(hours=n)) for n, event in enumerate(events)
        ]
    return rows


def build_sqlite(path: Path, scale: Scale) -> None:
    """The history in a new SQLite file, by `executemany` on the raw DBAPI connection."""
    path.unlink(missing_ok=True)
    engine = engine_for(f"sqlite:///{path}")
    versions, author = store_plans(engine, scale)
    stamp = lambda at: at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # noqa: E731  (SQLAlchemy's form)
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for revisions, events, values in history(scale, versions, author):
            cursor.executemany(
                _insert_sql("status_revision", REVISION_COLUMNS),
                [(*row[:11], stamp(row[11]), int(row[12]), row[13]) for row in revisions],
            )
            cursor.executemany(
                _insert_sql("body_month_event", EVENT_COLUMNS), [(*row[:5], stamp(row[5])) for row in events]
            )
            cursor.executemany(_insert_sql("indicator_value", VALUE_COLUMNS), values)
        connection.commit()
        cursor.execute("ANALYZE")
    finally:
        connection.close()
    engine.dispose()


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def build_postgresql(engine: Engine, scale: Scale) -> None:
    """The same history in an empty PostgreSQL database, by COPY."""
    versions, author = store_plans(engine, scale)
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for revisions, events, values in history(scale, versions, author):
            for table, columns, rows in (
                ("status_revision", REVISION_COLUMNS, revisions),
                ("body_month_event", EVENT_COLUMNS, events),
                ("indicator_value", VALUE_COLUMNS, values),
            ):
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        for table in ("status_revision", "body_month_event", "indicator_value"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        connection.commit()
        cursor.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()


def revision_count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(StatusRevision).where(
            StatusRevision.plan_code.like("BENCH%")))  # fmt: skip


def sqlite_database(scale: Scale, rebuild: bool) -> str:
    path = scale.cache_file()
    if rebuild or not path.exists():
        start = time.perf_counter()
        build_sqlite(path, scale)
        print(f"built {path} in {time.perf_counter() - start:.0f} s")
    else:
        print(f"reusing {path} (delete it, or pass --rebuild, to build it again)")
        upgrade(engine_for(f"sqlite:///{path}"))  # a new migration (an index) applies to the cache too
    return f"sqlite:///{path}"


def postgresql_database(url: str, scale: Scale, expected: int) -> str:
    engine = engine_for(url)
    upgrade(engine)
    present = revision_count(engine)
    if present == expected:
        print("reusing the history in BENCH_DATABASE_URL")
    elif present == 0 and not _has_plans(engine):
        start = time.perf_counter()
        build_postgresql(engine, scale)
        print(f"copied the history into BENCH_DATABASE_URL in {time.perf_counter() - start:.0f} s")
    else:
        raise SystemExit("BENCH_DATABASE_URL holds another history: give an empty database")
    return url


def _has_plans(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return current_version(session) is not None


# ---- what is measured ----------------------------------------------------------------------


def app_view(url: str, as_of: str, *, stored: bool) -> tuple[list[tuple], dict, dict]:
    """The overview's path: the as-of snapshot (stored for a closed month, live for an open one),
    its counts and the axis rollup."""
    with session_scope(engine_for(url)) as session:
        version = current_version(session)
        plan = stored_plan(version)
        close = as_of_moment(plan, as_of)
        now = close + SETTLE if stored else close - dt.timedelta(days=1)  # closed and settled, or still open
        snap = snapshot_as_of(session, version, plan, as_of=as_of, now=now)
    counts = stage_counts(snap)
    table = progress_by(snap, plan, "axis").set_index("axis")
    by_axis = {
        (axis, kind): int(n) for (axis, kind), n in table[[*STAGES, "continuous"]].stack().items() if n
    }
    rows = [
        (r.measure, r.stage, int(r.continuous), int(r.overdue), int(r.stalled), int(r.regressed),
         int(r.missing), r.last_change, r.last_revision)
        for r in snap.measures.itertuples(index=False)
    ]  # fmt: skip
    return rows, counts, by_axis


# The tuned floor: the same query, with each month's latest counted revision chosen the fastest
# way each database knows (the selection the app makes), all submitted data.
TUNED_SELECTION = {
    "sqlite": """
        state AS (SELECT body_code, month, event, max(id) AS id FROM body_month_event
                  WHERE plan_code = :plan AND month <= :as_of AND at < :cut GROUP BY body_code, month),
        reports AS (SELECT r.measure_code, r.month, r.stage, max(r.id) AS id FROM status_revision r
                    LEFT JOIN state s ON s.body_code = r.body_code AND s.month = r.month
                    WHERE r.plan_code = :plan AND r.month <= :as_of AND r.submitted_at < :cut
                      AND COALESCE(s.event, '') <> 'sent_back'
                    GROUP BY r.measure_code, r.month)""",
    "postgresql": """
        state AS (SELECT DISTINCT ON (body_code, month) body_code, month, event FROM body_month_event
                  WHERE plan_code = :plan AND month <= :as_of AND at < :cut
                  ORDER BY body_code, month, id DESC),
        reports AS (SELECT DISTINCT ON (r.measure_code, r.month) r.measure_code, r.month, r.stage, r.id
                    FROM status_revision r
                    WHERE r.plan_code = :plan AND r.month <= :as_of AND r.submitted_at < :cut
                      AND (r.body_code, r.month) NOT IN (SELECT body_code, month FROM state
                                                         WHERE event = 'sent_back')
                    ORDER BY r.measure_code DESC, r.month DESC, r.id DESC)""",
}
TUNED = {
    dialect: text("WITH " + selection + ",\n" + FLAGS).bindparams(
        *(p for p in PARAMETERS if p.key != "validated")
    )
    for dialect, selection in TUNED_SELECTION.items()
}


def floor_view(url: str, as_of: str, *, tuned: bool = False) -> tuple[list[tuple], dict, dict]:
    """The fair floor: one SQL query from the rules returning every column, and the same rollups
    (`tuned`: the same query choosing each month's report as the app does)."""
    with session_scope(engine_for(url)) as session:
        version = current_version(session)
        plan = stored_plan(version)
        query = TUNED[session.get_bind().dialect.name] if tuned else None
        rows = as_of_rows(session.connection(), **({"query": query} if tuned else {}),
                          plan_code=version.plan_code, version_id=version.id,
                          as_of=as_of, cut=as_of_moment(plan, as_of), validated_only=False,
                          stalled_months=get_settings().stalled_months)  # fmt: skip
    axis = {m.code: next(o.axis for o in plan.objectives if o.code == m.objective) for m in plan.measures}
    counts = dict.fromkeys((*STAGES, "continuous", "continuous_running", "overdue", "stalled", "regressed",
                            "missing"), 0)  # fmt: skip
    by_axis: dict[tuple[str, str], int] = {}
    for measure, stage, continuous, overdue, stalled, regressed, missing, *_ in rows:
        kind = "continuous" if continuous else stage
        counts[kind] += 1
        counts["continuous_running"] += bool(continuous and stage != "not_started")
        for flag, value in (("overdue", overdue), ("stalled", stalled), ("regressed", regressed),
                            ("missing", missing)):  # fmt: skip
            counts[flag] += value
        by_axis[(axis[measure], kind)] = by_axis.get((axis[measure], kind), 0) + 1
    counts["total"] = len(rows)
    return rows, counts, by_axis


def forget_stored(url: str) -> None:
    with session_scope(engine_for(url)) as session:
        forget_snapshots(session, current_version(session).plan_code)


def overview_page(url: str, as_of: str, *, cold: bool, stored: bool = True) -> float:
    """The seconds the overview takes through AppTest, signed in, as of the month (after the
    first page has run; optionally with cold caches, as after a new report)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    _point_the_app_at(url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    sign_in_pages(engine_for(url), _user_id(url))
    at.query_params["as_of"] = as_of
    at.run()
    if cold:
        st.cache_data.clear()
    if not stored:
        forget_stored(url)
    start = time.perf_counter()
    at.switch_page("pages/dashboard.py").run()
    seconds = time.perf_counter() - start
    assert not at.exception, at.exception
    assert len(at.metric) == 7, len(at.metric)
    return seconds


def _point_the_app_at(url: str) -> None:
    if os.environ.get("DATABASE_URL") != url:
        os.environ["DATABASE_URL"] = url
        os.environ["MONITORING_DATA_DIR"] = tempfile.mkdtemp(prefix="dashboard-benchmark-")
        get_settings.cache_clear()


def _user_id(url: str) -> int:
    from monitoring.tables import User

    with session_scope(engine_for(url)) as session:
        return session.scalar(select(User.id).where(User.email == "bench@example.pt"))


def median_of(run: Callable[[], float], repeat: int) -> float:
    """The median of the seconds `run` reports, after one warm-up run."""
    run()
    return statistics.median(run() for _ in range(repeat))


def _quiet_streamlit() -> None:
    from streamlit.logger import set_log_level

    set_log_level("error")  # no warnings about running outside `streamlit run`


def _peak_child(what: str, url: str, as_of: str) -> float:
    _quiet_streamlit()
    {"app": lambda: app_view(url, as_of, stored=False), "page": lambda: overview_page(url, as_of, cold=True)}[
        what
    ]()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def peak_mib(what: str, url: str, as_of: str) -> float:
    """Peak RSS of a fresh process that runs `what` once (imports included). A new interpreter,
    not a spawned worker: after AppTest has run, `__main__` is the app's script, and a worker
    would start by running the app."""
    code = f"from benchmarks.dashboard_benchmark import _peak_child; print(_peak_child{(what, url, as_of)!r})"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def measure(name: str, url: str, scale: Scale, repeat: int) -> list[tuple]:
    as_of = scale.as_of
    floor = floor_view(url, as_of)
    assert floor_view(url, as_of, tuned=True) == floor, f"{name}: the tuned floor differs"
    for stored in (False, True, True):  # live, then stored once, then read back
        app = app_view(url, as_of, stored=stored)
        differing = [(a, f) for a, f in zip(app[0], floor[0], strict=True) if a != f]
        assert not differing and len(app[0]) == len(floor[0]), f"{name}: {differing[:3]}"
        assert app[1] == floor[1] and app[2] == floor[2], f"{name}: {app[1:]} != {floor[1:]}"
    print(f"{name}: every column of {len(floor[0])} measures equal ({', '.join(COLUMNS)}); {floor[1]}")
    floor_time = timed(lambda: floor_view(url, as_of), repeat)
    tuned_time = timed(lambda: floor_view(url, as_of, tuned=True), repeat)
    stored_time = timed(lambda: app_view(url, as_of, stored=True), repeat)
    live_time = timed(lambda: app_view(url, as_of, stored=False), repeat)
    cold = median_of(lambda: overview_page(url, as_of, cold=True), repeat)
    first = median_of(lambda: overview_page(url, as_of, cold=True, stored=False), repeat)
    warm = median_of(lambda: overview_page(url, as_of, cold=False), repeat)
    memory = peak_mib("app", url, as_of)
    return [
        (f"closed month, stored + rollups ({name})", stored_time, floor_time, STORED_TARGET, None),
        (f"  against the tuned floor ({name})", stored_time, tuned_time, STORED_TARGET, None),
        (f"open month, live + rollups ({name})", live_time, floor_time, RATIO_TARGET, memory),
        (f"  against the tuned floor ({name})", live_time, tuned_time, RATIO_TARGET, None),
        (f"overview page, cold ({name})", cold, None, PAGE_TARGET, peak_mib("page", url, as_of)),
        (f"overview page, cold, not stored ({name})", first, None, PAGE_TARGET, None),
        (f"overview page, warm ({name})", warm, None, PAGE_TARGET, None),
    ]


def report(rows: list[tuple]) -> None:
    print(f"{'what':44} {'time s':>7} {'floor s':>8} {'ratio':>6} {'target':>8} {'':>6} {'peak MiB':>9}")
    for label, seconds, floor, target, memory in rows:
        ratio = seconds / floor if floor else None
        ok = ratio <= target if ratio is not None else seconds < target
        shown = f"<={target:g}x" if floor else f"<{target:g} s"
        memory_text = (
            "" if memory is None else f"{memory:9.0f}" + ("" if memory < MEMORY_TARGET_MIB else " MISSED")
        )
        floor_text = "" if floor is None else f"{floor:8.3f}"
        ratio_text = "" if ratio is None else f"{ratio:5.2f}x"
        print(
            f"{label:44} {seconds:7.3f} {floor_text:>8} {ratio_text:>6} {shown:>8} "
            f"{'ok' if ok else 'MISSED':>6} {memory_text}"
        )
    print(f"time: median of the runs; peak memory: RSS of a fresh process (target < {MEMORY_TARGET_MIB} MiB)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", action="store_true", help="3 plans over 60 months")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="build the cached SQLite history again")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    _quiet_streamlit()
    scale = SMALL if args.small else FULL
    sqlite_url = sqlite_database(scale, args.rebuild)
    databases = [("SQLite", sqlite_url)]
    if os.environ.get("BENCH_DATABASE_URL"):
        # The app refuses a server database without the audit chain's key: a scratch one here.
        os.environ.setdefault("MONITORING_AUDIT_KEY", new_key())
        expected = revision_count(engine_for(sqlite_url))
        databases.append(
            ("PostgreSQL", postgresql_database(os.environ["BENCH_DATABASE_URL"], scale, expected))
        )
    print(f"{revision_count(engine_for(sqlite_url)):,} revisions; as of {scale.as_of}")
    rows = [row for name, url in databases for row in measure(name, url, scale, args.repeat)]
    report(rows)
    print(f"whole run: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

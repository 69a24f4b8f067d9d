"""Reporting under load: 43 focal points submitting their month, each case against a floor.

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:54329/postgres \\
        .venv/bin/python -m benchmarks.load_benchmark [--months 24] [--workers 43] [--rate 43] [--minutes 2]

It drives the services (not the browser) on a database of its own, created on that server and
dropped at the end (loopback only); without BENCH_DATABASE_URL it runs on a temporary SQLite file,
whose single writer serialises the focal points. Three runs:

- uncontended: one focal point of IEFP (15 measures) submitting alone, in turns with the fair floor:
  what that submission writes (its revisions, their indicator values and the month's event), with
  Core executemany in one transaction. Target: at most 3x the floor.
- open loop: submissions arriving at `--rate` a minute (ten times a real closing day), at seeded
  random moments over `--minutes`, each in its own thread whatever the others are doing.
  Target: p95 under 300 ms, nothing lost. Floor: the uncontended floor.
- burst: every focal point submits the same month at the same instant, for `--months` months.
  Target: p95 under 1.5 s, nothing lost. Floor: the same burst of floor transactions.

The connection pool holds one connection per focal point (opened before timing), so a submission
never queues for one; the time it waited for its connection is reported apart all the same. A
submission's latency runs from the call until its commit returned, the audit chain's linker after
commit included. "lost" counts revisions accepted but not stored, "unlinked" stored revisions the
linkers left outside the audit chain.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text
from sqlmodel import Session

from benchmarks.reporting_benchmark import FLOOR_PLAN, floor_rows
from benchmarks.reporting_benchmark import month_rows as reporting_month_rows
from monitoring.audit_chain import new_key, wait_for_linker
from monitoring.auth import Role, actor_for, create_user
from monitoring.db import engine_for, upgrade
from monitoring.months import add_months, closes_on, months_between
from monitoring.plan_store import load_plan
from monitoring.reporting import measures_for, submit_reports
from monitoring.settings import get_settings, normalise_url
from monitoring.tables import BodyMonthEvent, IndicatorValue, StatusRevision
from plan import read_plan_file

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("not_started", "in_progress", "in_progress", "completed")
FIRST_MONTH = "2019-09"
# The uncontended submissions: months after those of the bursts and the open loop, and in the
# past (a report dated in the future is refused).
ALONE_MONTH = "2023-01"
TARGETS = {"uncontended": 3.0, "open": 0.300, "burst": 1.5}  # ratio to floor; p95 seconds; p95 seconds


@dataclass
class Run:
    """The latencies of one run's submissions, their connection waits, and what they stored."""

    latencies: list[float] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    submitted: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def p(self, share: float, values: list[float] | None = None) -> float:
        values = sorted(self.latencies if values is None else values)
        return values[int(share * (len(values) - 1))] if values else float("nan")


def database(url: str | None) -> tuple[str, Callable[[], None]]:
    """A fresh database for the run, and how to drop it."""
    if not url:
        folder = tempfile.mkdtemp()
        return f"sqlite:///{folder}/load.sqlite", lambda: None
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    name = f"gcm_load_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    target = normalise_url(url).rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        engine_for(target).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return target, drop


def focal_points(session: Session, plan, workers: int) -> list:
    """One focal point per body with measures, then extra ones on the busiest bodies."""
    counts = {}
    for measure in plan.measures:
        for code in (measure.lead_body, *measure.co_bodies):
            counts[code] = counts.get(code, 0) + 1
    bodies = sorted(counts, key=lambda c: -counts[c])
    actors = [_focal_point(session, f"load{n}@example.pt", bodies[n % len(bodies)]) for n in range(workers)]
    session.commit()
    return actors


def _focal_point(session: Session, email: str, body: str):
    user = create_user(session, email=email, name=email.split("@")[0], role=Role.FOCAL_POINT,
                       password="load test password", bodies=(body,))  # fmt: skip
    return actor_for(session, user)


def month_rows(actor, plan, month_index: int) -> list[dict]:
    rows = []
    for measure in measures_for(actor, plan):
        stage = STAGES[min(month_index // 6, 3)]
        if measure.continuous and stage == "completed":
            stage = "in_progress"
        row = {"measure": measure.code, "stage": stage, "done": f"Month {month_index}"}
        if measure.continuous and stage == "in_progress":
            row["pace"] = "on_track"
        if stage == "completed":
            row["evidence"] = "https://example.org/evidence"
            row["percent"] = 100
        rows.append(row)
    return rows


def moment(month: str) -> dt.datetime:
    return dt.datetime.combine(closes_on(month, 10) - dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC)


def submit(engine, run: Run, actor, plan, month: str, index: int, rows: list[dict] | None = None) -> None:
    """One focal point's month, as the reporting page submits it; timed into `run`."""
    rows = rows if rows is not None else month_rows(actor, plan, index)
    began = time.perf_counter()
    try:
        with Session(engine, expire_on_commit=False) as session:
            session.connection()  # the pool hands out a connection: the wait is reported apart
            waited = time.perf_counter() - began
            result = submit_reports(session, actor=actor, month=month, rows=rows, now=moment(month))
            session.commit()  # the audit chain's linker runs after this commit, before it returns
    except Exception as error:  # noqa: BLE001  (counted and shown, the run goes on)
        with run.lock:
            run.errors.append(repr(error)[:200])
        return
    with run.lock:
        run.latencies.append(time.perf_counter() - began)
        run.waits.append(waited)
        run.submitted += len(result.saved)
        if result.rejected:
            run.errors.append(f"{actor.email}: {[r.key for r in result.rejected][:3]}")


def floor_write(engine, plan, actor, month: str) -> None:
    """The fair floor of one submission: its writes, nothing else, in one transaction."""
    rows, values = floor_rows(plan, actor, month, dt.datetime.now(dt.UTC))
    for row in rows:
        row["body_code"] = next(iter(actor.bodies))
    with engine.begin() as connection:
        statement = insert(StatusRevision.__table__).returning(
            StatusRevision.id, sort_by_parameter_order=True
        )
        ids = connection.execute(statement, rows).scalars().all()
        indicator_rows = [{"revision_id": i, "indicator_code": c, "value": v}
                          for i, own in zip(ids, values, strict=True) for c, v in own]  # fmt: skip
        if indicator_rows:
            connection.execute(insert(IndicatorValue.__table__), indicator_rows)
        event = {
            "plan_code": FLOOR_PLAN,
            "month": month,
            "body_code": next(iter(actor.bodies)),
            "event": "submitted",
            "comment": "",
            "actor_id": actor.id,
            "at": dt.datetime.now(dt.UTC),
        }
        connection.execute(insert(BodyMonthEvent.__table__), [event])


def uncontended(engine, plan, actor, repeat: int) -> tuple[Run, list[float]]:
    """One submission alone, in turns with its floor (months far from the other runs)."""
    run, floors = Run(), []
    for n in range(repeat + 1):
        month = add_months(ALONE_MONTH, n)  # the rows the floor writes: 15 measures with their indicators
        submit(engine, run, actor, plan, month, 8, reporting_month_rows(plan, actor, month))
        start = time.perf_counter()
        floor_write(engine, plan, actor, add_months("2050-01", n))
        floors.append(time.perf_counter() - start)
    if run.errors:  # nothing to time: say why rather than print a table of nothing
        raise SystemExit(f"the uncontended submissions failed: {run.errors[:3]}")
    run.latencies, run.waits, floors = run.latencies[1:], run.waits[1:], floors[1:]  # the first warms up
    return run, floors


def open_loop(engine, plan, actors: list, rate: float, minutes: float, first: str, after: int) -> Run:
    """Arrivals at `rate` a minute at seeded random moments; each focal point once a month."""
    run, rng, threads = Run(), random.Random(43), []
    count = max(1, round(rate * minutes))
    start, at = time.perf_counter(), 0.0
    for n in range(count):
        at += rng.expovariate(rate / 60)
        time.sleep(max(0.0, start + at - time.perf_counter()))
        month, index = add_months(first, n // len(actors)), after + n // len(actors)  # the stages go on
        thread = threading.Thread(
            target=submit, args=(engine, run, actors[n % len(actors)], plan, month, index)
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return run


def burst(work: Callable[[object, str, int], None], actors: list, months: list[str]) -> float:
    """Every focal point at the same instant, month after month; returns the wall time."""
    start = time.perf_counter()
    for index, month in enumerate(months):
        barrier = threading.Barrier(len(actors))

        def go(actor, month=month, index=index, barrier=barrier) -> None:
            barrier.wait()
            work(actor, month, index)

        threads = [threading.Thread(target=go, args=(a,)) for a in actors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return time.perf_counter() - start


def timed_floor(engine, plan, run: Run) -> Callable[[object, str, int], None]:
    def work(actor, month: str, _index: int) -> None:
        start = time.perf_counter()
        floor_write(engine, plan, actor, month)
        with run.lock:
            run.latencies.append(time.perf_counter() - start)

    return work


def prepare(url: str, workers: int):
    os.environ |= {
        "DATABASE_URL": url,
        "MONITORING_POOL_SIZE": str(workers + 2),
        "MONITORING_MAX_OVERFLOW": "0",
    }
    os.environ.setdefault("MONITORING_AUDIT_KEY", new_key())  # a throwaway database, a throwaway key
    get_settings.cache_clear()
    engine = engine_for(url)
    upgrade(engine)
    plan = read_plan_file(ROOT / "data" / "pnipgm.yaml")
    with Session(engine) as session:
        load_plan(session, plan, source_name="pnipgm.yaml")
        session.commit()
        actors = focal_points(session, plan, workers)
        alone = _focal_point(session, "alone@example.pt", "IEFP")
        session.commit()
    connections = [engine.connect() for _ in range(workers + 2)]  # the pool opened before timing
    for connection in connections:
        connection.close()
    return engine, plan, actors, alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--workers", type=int, default=43)
    parser.add_argument("--rate", type=float, default=43.0, help="open-loop arrivals a minute")
    parser.add_argument("--minutes", type=float, default=2.0, help="length of the open-loop run")
    parser.add_argument("--repeat", type=int, default=15, help="uncontended submissions")
    args = parser.parse_args()
    url, drop = database(os.environ.get("BENCH_DATABASE_URL"))
    try:
        engine, plan, actors, alone = prepare(url, args.workers)
        single, single_floor = uncontended(engine, plan, alone, args.repeat)
        burst_months = months_between(FIRST_MONTH, add_months(FIRST_MONTH, args.months - 1))
        pressed = Run()
        pressed_wall = burst(lambda a, m, i: submit(engine, pressed, a, plan, m, i), actors, burst_months)
        floor_burst = Run()
        burst(timed_floor(engine, plan, floor_burst), actors,
              [add_months("2060-01", n) for n in range(min(args.months, 5))])  # fmt: skip
        opened = open_loop(
            engine, plan, actors, args.rate, args.minutes, add_months(burst_months[-1], 1), len(burst_months)
        )
        start = time.perf_counter()
        wait_for_linker(300)
        print(f"the linker finished {time.perf_counter() - start:.2f} s after the last submission")
        stored, linked = counts(engine, exclude_floor=True)
        report(url, args, single, single_floor, opened, pressed, pressed_wall, floor_burst, stored, linked)
    finally:
        drop()


def counts(engine, *, exclude_floor: bool) -> tuple[int, int]:
    """Revisions the submissions stored, and how many of them the audit chain links."""
    mine = StatusRevision.plan_code == "PNIPGM" if exclude_floor else True
    with Session(engine) as session:
        stored = session.scalar(select(func.count()).select_from(StatusRevision).where(mine))
        linked = session.scalar(
            select(func.count())
            .select_from(StatusRevision)
            .where(mine, StatusRevision.chain_hash.is_not(None))
        )
    return stored, linked


def report(
    url, args, single, single_floor, opened, pressed, pressed_wall, floor_burst, stored, linked
) -> None:
    submitted = single.submitted + opened.submitted + pressed.submitted
    floor = statistics.median(single_floor)
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    pool = args.workers + 2
    print(f"database: {kind}; {args.workers} focal points; a pool of {pool} connections, opened before")
    print(f"{'case':32} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'floor ms':>9} {'ratio':>9} "
          f"{'wait p95':>9} {'target':>16}  result")  # fmt: skip
    ratio = statistics.median(single.latencies) / floor
    open_label = f"open loop, {args.rate:g}/min, {args.minutes:g} min"
    rows = [
        ("uncontended, 15 measures", single, floor, f"{ratio:.1f}x p50", ratio <= TARGETS["uncontended"],
         f"<={TARGETS['uncontended']:g}x floor"),
        (open_label, opened, floor, "", opened.p(0.95) < TARGETS["open"],
         f"p95 <{TARGETS['open'] * 1000:g} ms"),
        (f"burst of {args.workers}, {args.months} months", pressed, floor_burst.p(0.95), "",
         pressed.p(0.95) < TARGETS["burst"], f"p95 <{TARGETS['burst'] * 1000:g} ms"),
    ]  # fmt: skip
    for label, run, floor_s, note, met, target in rows:
        shown = note or f"{run.p(0.95) / floor_s:.1f}x p95"
        print(f"{label:32} {len(run.latencies):5d} {run.p(0.5) * 1000:8.1f} {run.p(0.95) * 1000:8.1f} "
              f"{floor_s * 1000:9.1f} {shown:>9} {run.p(0.95, run.waits) * 1000:9.1f} {target:>16}  "
              f"{'ok' if met and not run.errors else 'MISSED'}")  # fmt: skip
    lost, unlinked = submitted - stored, stored - linked
    print(
        f"revisions submitted {submitted}, stored {stored} (lost {lost}), linked into the audit chain "
        f"{linked} (unlinked {unlinked}); burst: {pressed.submitted / pressed_wall:.0f} revisions/s"
    )
    print(
        "floors: uncontended and open loop, the fair floor of one submission alone (median); burst, "
        "the p95 of the same burst of floor transactions. wait p95: waiting for a pooled connection."
    )
    for error in (single.errors + opened.errors + pressed.errors)[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()

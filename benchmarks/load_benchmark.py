"""Reporting under load: 43 focal points submit a full month at the same moment, for 24 months.

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:54329/postgres \\
        .venv/bin/python -m benchmarks.load_benchmark [--months 24] [--workers 43]

It drives the services (not the browser) on a database of its own, created on that server and
dropped at the end (loopback only). Without BENCH_DATABASE_URL it runs on a temporary SQLite
file, whose single writer serialises the focal points. It prints throughput, p50/p95 latency of
one focal point's submission, and the revisions stored against the rows submitted (must be equal).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlmodel import Session

from monitoring.auth import Role, actor_for, create_user
from monitoring.db import engine_for, upgrade
from monitoring.months import add_months, closes_on, months_between
from monitoring.plan_store import load_plan
from monitoring.reporting import measures_for, submit_reports
from monitoring.settings import normalise_url
from monitoring.tables import StatusRevision
from plan import read_plan_file

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("not_started", "in_progress", "in_progress", "completed")
TARGET_P95 = 0.300


def database(url: str | None) -> tuple[str, callable]:
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
    actors = []
    for n in range(workers):
        body = bodies[n % len(bodies)]
        user = create_user(
            session,
            email=f"load{n}@example.pt",
            name=f"Load {n}",
            role=Role.FOCAL_POINT,
            password="load test password",
            bodies=(body,),
        )
        actors.append(actor_for(session, user))
    session.commit()
    return actors


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


def run(url: str, months: int, workers: int) -> None:
    engine = engine_for(url)
    upgrade(engine)
    with Session(engine) as session:
        plan = read_plan_file(ROOT / "data" / "pnipgm.yaml")
        load_plan(session, plan, source_name="pnipgm.yaml")
        session.commit()
        actors = focal_points(session, plan, workers)
    latencies, submitted, errors = [], 0, []
    lock = threading.Lock()
    start = time.perf_counter()
    for index, month in enumerate(months_between("2019-09", add_months("2019-09", months - 1))):
        now = dt.datetime.combine(closes_on(month, 10) - dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC)
        barrier = threading.Barrier(len(actors))

        def work(actor, month=month, now=now, index=index, barrier=barrier) -> None:
            nonlocal submitted
            rows = month_rows(actor, plan, index)
            barrier.wait()
            began = time.perf_counter()
            try:
                with Session(engine, expire_on_commit=False) as session:
                    result = submit_reports(session, actor=actor, month=month, rows=rows, now=now)
                    session.commit()
            except Exception as error:  # noqa: BLE001  (counted and shown, the run goes on)
                with lock:
                    errors.append(repr(error)[:200])
                return
            with lock:
                latencies.append(time.perf_counter() - began)
                submitted += len(result.saved)
                if result.rejected:
                    errors.append(f"{actor.email}: {[r.key for r in result.rejected][:3]}")

        threads = [threading.Thread(target=work, args=(a,)) for a in actors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - start
    with Session(engine) as session:
        stored = session.scalar(select(func.count()).select_from(StatusRevision))
    report(url, months, workers, latencies, submitted, stored, elapsed, errors)


def report(url, months, workers, latencies, submitted, stored, elapsed, errors) -> None:
    latencies.sort()
    p50 = statistics.median(latencies) if latencies else float("nan")
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print(
        f"database: {'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}; "
        f"{workers} focal points × {months} months"
    )
    print(f"{'submissions':24} {len(latencies):>10}")
    print(f"{'revisions submitted':24} {submitted:>10}")
    print(f"{'revisions stored':24} {stored:>10}   {'equal' if stored == submitted else 'LOST'}")
    print(f"{'throughput (rev/s)':24} {submitted / elapsed:>10.0f}")
    print(f"{'p50 latency (ms)':24} {p50 * 1000:>10.1f}")
    print(
        f"{'p95 latency (ms)':24} {p95 * 1000:>10.1f}   target < {TARGET_P95 * 1000:.0f}: "
        f"{'ok' if p95 < TARGET_P95 else 'MISSED'}"
    )
    print(f"{'errors':24} {len(errors):>10}")
    for error in errors[:5]:
        print("  ", error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--workers", type=int, default=43)
    args = parser.parse_args()
    url, drop = database(os.environ.get("BENCH_DATABASE_URL"))
    try:
        run(url, args.months, args.workers)
    finally:
        drop()


if __name__ == "__main__":
    main()

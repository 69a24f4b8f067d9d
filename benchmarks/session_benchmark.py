"""What resolving the session cookie adds to every page run, at 10,000 stored sessions.

    .venv/bin/python -m benchmarks.session_benchmark [--repeat 2000] [--sessions 10000]

The app resolves the cookie twice per run (the front door, then the page): each time it hashes
the token, reads the session, its user and the user's bodies in one indexed query, and writes
`last_seen_at` at most once a minute. The floor, in the same run, is a bare
indexed lookup of the same session row with the same driver. Set BENCH_DATABASE_URL to a
PostgreSQL server's URL to measure there too (in a database of its own, dropped at the end).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, insert, text
from sqlmodel import Session

from monitoring.auth import Role, actor_signed_in, create_user
from monitoring.db import engine_for, upgrade
from monitoring.sessions import resolve_session, start_session, token_hash
from monitoring.settings import normalise_url
from monitoring.tables import User, UserSession, utc_now

TARGET_MS = 2.0  # added per page run


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def fill(engine: Engine, count: int) -> tuple[str, str]:
    """`count` sessions of 100 people; returns one live token and the hash of the same row."""
    with Session(engine) as session:
        people = [
            create_user(
                session,
                email=f"person{n}@bench.example.pt",
                name=f"Person {n}",
                role=Role.FOCAL_POINT,
                password="a long enough password",
                bodies=("SEF", "IEFP"),
            ).id
            for n in range(100)
        ]
        now = utc_now()
        rows = [
            {
                "token_hash": token_hash(secrets.token_urlsafe(32)),
                "user_id": people[n % 100],
                "created_at": now,
                "last_seen_at": now,
                "expires_at": now + dt.timedelta(hours=12),
                "user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
                "method": "password",
                "end_reason": "",
            }
            for n in range(count - 1)
        ]
        session.execute(insert(UserSession), rows)
        token = start_session(session, user=session.get(User, people[42]), user_agent="bench")
        session.commit()
    return token, token_hash(token)


def measure(engine: Engine, sessions: int, repeat: int) -> tuple[float, float]:
    token, hashed = fill(engine, sessions)

    def app() -> None:  # what pages/_widgets.py's session_user does
        with engine.connect() as connection:
            actor_signed_in(resolve_session(connection, token).person)
            connection.commit()

    lookup = text("SELECT * FROM user_session WHERE token_hash = :hash")

    def floor() -> None:
        with engine.connect() as connection:
            connection.execute(lookup, {"hash": hashed}).one()

    return median_ms(app, repeat), median_ms(floor, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("MONITORING_ARGON2_TIME_COST", "1")
    os.environ.setdefault("MONITORING_ARGON2_MEMORY_KIB", "64")
    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", f"sqlite:///{folder}/sessions.sqlite")]
        if os.environ.get("BENCH_DATABASE_URL"):
            targets.append(("PostgreSQL", os.environ["BENCH_DATABASE_URL"]))
        print(f"{args.sessions:,} stored sessions, median of {args.repeat} runs")
        print(
            f"{'database':12} {'resolve ms':>10} {'floor ms':>9} {'ratio':>6} {'per page run ms':>16}  target"
        )
        for name, url in targets:
            with database(url) as engine:
                app, floor = measure(engine, args.sessions, args.repeat)
            per_run = 2 * app  # the front door and the page
            verdict = "ok" if per_run < TARGET_MS else "MISSED"
            print(
                f"{name:12} {app:10.3f} {floor:9.3f} {app / floor:5.1f}x {per_run:16.3f}  "
                f"<{TARGET_MS} ms {verdict}"
            )


@contextmanager
def database(url: str) -> Iterator[Engine]:
    """The schema at head in an empty database: the SQLite file, or a new one on the server."""
    if url.startswith("sqlite"):
        engine = engine_for(url)
        upgrade(engine)
        yield engine
        return
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    name = f"gcm_bench_sessions_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = engine_for(normalise_url(url).rsplit("/", 1)[0] + f"/{name}")
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()

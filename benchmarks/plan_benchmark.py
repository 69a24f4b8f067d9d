"""How fast the plan loads, validates, is stored and is shown, each against a floor.

    .venv/bin/python -m benchmarks.plan_benchmark [--repeat 5]

Floors, measured in the same run: parsing the same YAML text with no validation (reading a
plan can't be faster), inserting the same rows with the database driver alone (storing can't
be faster), and AppTest running a one-line app (rendering can't be faster). Set
BENCH_DATABASE_URL to a PostgreSQL URL to measure storing there too.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
from pathlib import Path

import yaml

from benchmarks.synthetic import synthetic_plan
from benchmarks.timing import timed
from monitoring.db import engine_for, session_scope, upgrade
from monitoring.plan_store import _record_rows, load_plan
from plan.io import YAML_LOADER, plan_yaml, read_plan_bytes

ROOT = Path(__file__).resolve().parent.parent
PNIPGM = ROOT / "data" / "pnipgm.yaml"
TARGETS = {"load+validate PNIPGM": 0.3, "Plan page (AppTest), PNIPGM": 1.0}


def reading(repeat: int) -> list[tuple[str, float, float]]:
    rows = []
    synthetic_text = plan_yaml(synthetic_plan(2000)).encode("utf-8")
    for label, data, name in [
        ("load+validate PNIPGM", PNIPGM.read_bytes(), "pnipgm.yaml"),
        ("load+validate 2,000 measures", synthetic_text, "synthetic.yaml"),
    ]:
        app = timed(lambda d=data, n=name: read_plan_bytes(d, name=n), repeat)
        floor = timed(lambda d=data: yaml.load(d.decode("utf-8"), Loader=YAML_LOADER), repeat)
        rows.append((label, app, floor))
    return rows


def storing(repeat: int) -> list[tuple[str, float, float]]:
    plan = synthetic_plan(2000)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        urls = [("SQLite", f"sqlite:///{folder}/bench.sqlite")]
        if os.environ.get("BENCH_DATABASE_URL"):
            urls.append(("PostgreSQL", os.environ["BENCH_DATABASE_URL"]))
        for name, url in urls:
            engine = engine_for(url)
            upgrade(engine)
            app = timed(lambda e=engine: _store_rolled_back(e, plan), repeat)
            floor = timed(lambda: _bare_sqlite_insert(plan, folder), repeat)
            rows.append((f"store 2,000 measures ({name})", app, floor))
    return rows


def _store_rolled_back(engine, plan) -> None:
    with session_scope(engine) as session:
        load_plan(session, plan)
        session.rollback()


def _bare_sqlite_insert(plan, folder: str) -> None:
    """The same rows through sqlite3 alone, into tables with no constraints: the floor."""
    connection = sqlite3.connect(f"{folder}/floor.sqlite")
    for table, values in _record_rows(1, plan).items():
        name, columns = table.__tablename__, list(values[0])
        connection.execute(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(columns)})")
        placeholders = ", ".join(f":{c}" for c in columns)
        connection.executemany(f"INSERT INTO {name} VALUES ({placeholders})", values)
    connection.rollback()
    connection.close()


def rendering(repeat: int) -> list[tuple[str, float, float]]:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        os.environ["MONITORING_DATA_DIR"] = folder
        os.environ.pop("DATABASE_URL", None)
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()  # creates the database

        def plan_page() -> None:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
            assert not at.exception and len(at.metric) == 6

        def trivial() -> None:
            AppTest.from_string("import streamlit as st\nst.write('x')").run()

        return [("Plan page (AppTest), PNIPGM", timed(plan_page, repeat), timed(trivial, repeat))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    rows = reading(repeat) + storing(repeat) + rendering(repeat)
    print(f"{'what':38} {'time (s)':>9} {'floor (s)':>10} {'ratio':>6} {'target (s)':>11}")
    for label, app, floor in rows:
        target = TARGETS.get(label)
        verdict = "" if target is None else f"{target:>9.2f} {'ok' if app < target else 'MISSED'}"
        print(f"{label:38} {app:9.3f} {floor:10.3f} {app / floor:6.1f} {verdict:>11}")


if __name__ == "__main__":
    main()

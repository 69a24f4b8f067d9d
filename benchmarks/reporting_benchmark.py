"""How fast monthly reporting is on the embedded database, each case against a floor.

    .venv/bin/python -m benchmarks.reporting_benchmark [--repeat 5]

A temporary SQLite database holds the real plan (data/pnipgm.yaml), a focal point of IEFP
(15 measures) and a secretariat account. Cases, each the median of `--repeat` runs after one
warm-up run:

- submit: `submit_reports` of a month for IEFP's 15 measures, committed (a new month each run,
  so every run stores 15 revisions and opens the body's month), signed and linked into the audit
  chain. Floor: what that submission writes (the 15 revisions, their indicator values and the
  body's month event) inserted with Core executemany in one transaction.
- report page: a new browser session opening the reporting page through AppTest, 15 measures
  carried forward from the month before. Floor: AppTest of a one-line app.
- Excel upload: `read_report_workbook` + `preview_upload` of the secretariat's 97-row template.
  Floor: `openpyxl.load_workbook` of the same file.
- edit one row (34 measures): a focal point of PRES (34 measures) edits one measure's text on the
  reporting page, and the page reruns with every row's rules checked. Server time of the script
  run (measured around Streamlit's own run of the page, so AppTest's bookkeeping is left out):
  "card" is what a browser triggers, a rerun of the edited measure's card alone (a Streamlit
  fragment, run here the way the browser asks for it); "whole page" reruns all 34 cards, as after
  a change of month or filter. Comparison: the same edit in the former month grid
  (`benchmarks/grid_page.py`: the month's measures in one wide data grid), whole page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path

import streamlit as st
from openpyxl import load_workbook
from sqlalchemy import insert
from streamlit.logger import set_log_level
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest, local_script_runner

from benchmarks.signed_in import sign_in_pages
from benchmarks.timing import timed, timed_pair
from monitoring.auth import Actor, Role, actor_for, create_user
from monitoring.db import engine_for, session_scope, upgrade
from monitoring.months import add_months, first_day
from monitoring.plan_store import load_plan
from monitoring.report_workbook import preview_upload, read_report_workbook, report_template
from monitoring.reporting import measures_for, submit_reports
from monitoring.settings import get_settings
from monitoring.tables import BodyMonthEvent, IndicatorValue, StatusRevision
from plan import Plan, read_plan_file

ROOT = Path(__file__).resolve().parent.parent
PNIPGM = ROOT / "data" / "pnipgm.yaml"
APP = str(ROOT / "app.py")
BODY = "IEFP"  # the body with 15 measures in the PNIPGM
FIRST_MONTH = "2021-01"
TARGETS = {
    "submit a month (15 measures)": 0.2,
    "report page (15, carried)": 1.0,
    "Excel upload + preview (97)": 2.0,
    "edit one row (34): card": 0.3,
    "edit one row (34): whole page": 0.3,
}
BIG_BODY = "PRES"  # the body with 34 measures in the PNIPGM (Presidency and Administrative Modernisation)
GRID_PAGE = str(ROOT / "benchmarks" / "grid_page.py")
# The floors write under a plan code of their own: the app's history (and its audit chain) stays the app's.
FLOOR_PLAN = "FLOOR"
RATIO_TARGETS = {"submit a month (15 measures)": 3.0}  # against the fair floor, as well as the time
INDICATOR_VALUE = {"cumulative_count": 10.0, "percentage": 50.0, "level": 10.0}


def setup(url: str) -> tuple[Plan, Actor, Actor, Actor]:
    engine = engine_for(url)
    upgrade(engine)
    plan = read_plan_file(PNIPGM)
    with session_scope(engine) as session:
        load_plan(session, plan, source_name=PNIPGM.name)
        people = [
            create_user(session, email="fp@example.pt", name="Focal point", role=Role.FOCAL_POINT,
                        password="benchmark password", bodies=(BODY,)),
            create_user(session, email="sec@example.pt", name="Secretariat", role=Role.SECRETARIAT,
                        password="benchmark password"),
            create_user(session, email="pres@example.pt", name="Focal point PRES", role=Role.FOCAL_POINT,
                        password="benchmark password", bodies=(BIG_BODY,)),
        ]  # fmt: skip
        focal_point, secretariat, big = (actor_for(session, user) for user in people)
    return plan, focal_point, secretariat, big


def month_rows(plan: Plan, actor: Actor, month: str) -> list[dict]:
    """A month's report for every measure of the actor: in progress, with its indicators."""
    return [
        {
            "measure": m.code,
            "stage": "in_progress",
            "pace": "on_track" if m.continuous else None,
            "percent": 40,
            "done": f"Trabalho de {month}",
            "obstacles": "Nenhum",
            "next_steps": "Continuar",
            "indicators": {i.code: INDICATOR_VALUE[i.kind.value] for i in m.indicators},
        }
        for m in measures_for(actor, plan)
    ]


def submit_case(url: str, plan: Plan, actor: Actor, months: count) -> Callable[[], object]:
    def run() -> None:
        month = add_months(FIRST_MONTH, next(months))
        now = dt.datetime.combine(first_day(month) + dt.timedelta(days=3), dt.time(12), tzinfo=dt.UTC)
        with session_scope(engine_for(url)) as session:
            result = submit_reports(
                session, actor=actor, month=month, rows=month_rows(plan, actor, month), now=now
            )
        assert result.ok and len(result.saved) == 15, result.rejected

    return run


def floor_rows(plan: Plan, actor: Actor, month: str, now: dt.datetime) -> tuple[list[dict], list[list]]:
    """What a submission of `month_rows` stores: its revisions, and each one's indicator values."""
    rows, values = [], []
    for row in month_rows(plan, actor, month):
        rows.append({
            "plan_code": FLOOR_PLAN, "plan_version_id": 1, "measure_code": row["measure"], "month": month,
            "body_code": BODY, "stage": row["stage"], "pace": row["pace"], "percent": row["percent"],
            "done": row["done"], "obstacles": row["obstacles"], "next_steps": row["next_steps"],
            "evidence": "[]", "justification": "", "outlier_note": "", "author_id": actor.id,
            "submitted_at": now, "late": False, "channel": "app",
        })  # fmt: skip
        values.append(list(row["indicators"].items()))
    return rows, values


def submit_floor(url: str, plan: Plan, actor: Actor, months: count) -> Callable[[], object]:
    """The fair floor: what a submission writes (15 revisions, their indicator values and the
    body's month event), with Core executemany in one transaction, and nothing else."""
    engine = engine_for(url)
    revisions, indicator_values, events = (
        t.__table__ for t in (StatusRevision, IndicatorValue, BodyMonthEvent)
    )

    def run() -> None:
        month, now = add_months("2040-01", next(months)), dt.datetime.now(dt.UTC)
        rows, values = floor_rows(plan, actor, month, now)
        with engine.begin() as connection:
            statement = insert(revisions).returning(revisions.c.id, sort_by_parameter_order=True)
            ids = connection.execute(statement, rows).scalars().all()
            connection.execute(insert(indicator_values), [
                {"revision_id": i, "indicator_code": code, "value": value}
                for i, own in zip(ids, values, strict=True) for code, value in own
            ])  # fmt: skip
            event = {"plan_code": FLOOR_PLAN, "month": month, "body_code": BODY, "event": "submitted",
                     "comment": "", "actor_id": actor.id, "at": now}  # fmt: skip
            connection.execute(insert(events), [event])

    return run


def app_test(actor: Actor, month: str) -> Callable[[], object]:
    """A new session opening the reporting page (only the page's own run is timed)."""

    def run() -> float:
        at = AppTest.from_file(APP, default_timeout=60)
        sign_in_pages(engine_for(get_settings().resolved_database_url()), actor.id)
        at.query_params["month"] = month
        at.run()
        start = time.perf_counter()
        at.switch_page("pages/report.py").run()
        elapsed = time.perf_counter() - start
        assert not at.exception and len(at.text_area) == 3 * 15, at.exception  # three texts a card
        return elapsed

    return run


def script_timer() -> list[float]:
    """Server time of each script run from now on: Streamlit's own run of the page, timed."""
    spent: list[float] = []
    original = script_runner.exec_func_with_error_handling

    def timed_run(func, ctx):
        start = time.perf_counter()
        try:
            return original(func, ctx)
        finally:
            spent.append(time.perf_counter() - start)

    script_runner.exec_func_with_error_handling = timed_run
    return spent


def fragment_run(at: AppTest, fragment_id: str) -> None:
    """Rerun one fragment, as the browser asks after an edit inside it (AppTest itself only
    reruns whole pages): the rerun request carries the fragment's id."""
    original = local_script_runner.RerunData
    local_script_runner.RerunData = functools.partial(original, fragment_id_queue=[fragment_id])
    try:
        at.run()
    finally:
        local_script_runner.RerunData = original


def edit_cases(url: str, actor: Actor, month: str, repeat: int) -> dict[str, tuple[float, float]]:
    """Edit one measure's text and rerun: the card alone, the whole page, and the former grid."""
    spent = script_timer()
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in_pages(engine_for(url), actor.id)
    at.query_params["month"] = month
    at.run()
    at.switch_page("pages/report.py").run()
    assert not at.exception and len(at.text_area) == 3 * 34, (at.exception, [e.value for e in at.info])
    card = next(iter(at._fragment_storage._fragments))  # the first card's fragment: M001
    done = next(w.key for w in at.text_area if w.key.endswith("|M001|done"))

    def edit_and(rerun: Callable[[], object]) -> Callable[[], float]:
        counter = count()

        def run() -> float:
            at.text_area(key=done).input(f"Texto {next(counter)}")
            spent.clear()
            rerun()
            assert not at.exception and spent, at.exception
            return sum(spent)

        return run

    card_time = timed_inner(edit_and(lambda: fragment_run(at, card)), repeat)
    page_time = timed_inner(edit_and(at.run), repeat)
    grid = AppTest.from_file(GRID_PAGE, default_timeout=60)
    grid.session_state["person"], grid.session_state["month"], grid.session_state["plan"] = (
        actor.id,
        month,
        "PNIPGM",
    )
    grid.run()
    assert not grid.exception, grid.exception
    counter = count()

    def grid_edit() -> float:
        edit = {0: {"done": f"Texto {next(counter)}"}}
        grid.session_state["grid"] = {"edited_rows": edit, "added_rows": [], "deleted_rows": []}
        spent.clear()
        grid.run()
        assert not grid.exception and spent, grid.exception
        return sum(spent)

    grid_time = timed_inner(grid_edit, repeat)
    return {
        "edit one row (34): card": (card_time, grid_time),
        "edit one row (34): whole page": (page_time, grid_time),
    }


def timed_inner(run: Callable[[], float], repeat: int) -> float:
    run()
    return statistics.median(run() for _ in range(repeat))


def one_line_app() -> float:
    """The same measure for a one-line app: its second run, as the page's run follows the app's."""
    at = AppTest.from_string("import streamlit as st\nst.write('hello')\n").run()
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def upload_case(url: str, actor: Actor, month: str, data: bytes) -> Callable[[], object]:
    def run() -> None:
        with session_scope(engine_for(url)) as session:
            rows = read_report_workbook(data, month=month).rows
            preview = preview_upload(session, actor=actor, month=month, rows=rows)
        assert len(rows) == 97 and not preview.empty

    return run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    set_log_level("error")  # quiet "missing ScriptRunContext" from Streamlit calls outside a run
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        os.environ |= {"DATABASE_URL": url, "MONITORING_DATA_DIR": f"{folder}/var"}
        get_settings.cache_clear()
        plan, focal_point, secretariat, big = setup(url)
        months = count()
        case, floor = (
            submit_case(url, plan, focal_point, months),
            submit_floor(url, plan, focal_point, count()),
        )
        submit = timed_pair(case, floor, 3 * args.repeat)  # in turns: a busy machine weighs on both
        carried = add_months(FIRST_MONTH, next(months))  # the month after the last one reported
        st.cache_resource.clear()
        page = (
            timed_inner(app_test(focal_point, carried), args.repeat),
            timed_inner(one_line_app, args.repeat),
        )
        with session_scope(engine_for(url)) as session:
            data = report_template(session, actor=secretariat, month=carried)
        upload = (timed(upload_case(url, secretariat, carried, data), args.repeat),
                  timed(lambda: load_workbook(io.BytesIO(data)), args.repeat))  # fmt: skip
        st.cache_resource.clear()
        edits = edit_cases(url, big, carried, args.repeat)
        engine_for(url).dispose()
    report({"submit a month (15 measures)": submit, "report page (15, carried)": page,
            "Excel upload + preview (97)": upload, **edits})  # fmt: skip


def report(cases: dict[str, tuple[float, float]]) -> None:
    print(f"{'case':30} {'time ms':>8} {'floor ms':>9} {'ratio':>7} {'target':>14}  result")
    for label, (app, floor) in cases.items():
        target, ratio_target = TARGETS[label], RATIO_TARGETS.get(label)
        met = app < target and (ratio_target is None or app / floor <= ratio_target)
        limit = f"<{target * 1000:g} ms" + (f", <={ratio_target:g}x" if ratio_target else "")
        print(f"{label:30} {app * 1000:8.0f} {floor * 1000:9.1f} {app / floor:6.1f}x {limit:>14}  "
              f"{'ok' if met else 'MISSED'}")  # fmt: skip
    print("median of the runs after one warm-up; embedded SQLite database in a temporary folder.")
    print("edit one row: server time of the script run; the floor column is the former month grid.")


if __name__ == "__main__":
    main()

"""Axes, objectives, measures, bodies and indicators come out in the order of the plan file, in
every table, CSV and workbook: never sorted by code or name, never in the order reports arrived.

The plan here lists everything out of alphabetical order (E3 before E1, O12 before O02, M010 before
M002, MTSSS before MAI) and its first measure sits under its second objective and axis, so an
output that sorts, follows the measures, or follows the reports, fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from monitoring.auth import Role, actor_for, create_user
from monitoring.catalog import measures_frame
from monitoring.completeness import body_completeness, measure_completeness
from monitoring.dashboard import (
    attention_list,
    body_reporting,
    history_grid,
    measures_with_state,
    reporting_summary,
)
from monitoring.export import (
    COLUMNS,
    TABLE_ROW,
    balance_tables,
    open_data_bytes,
    public_tables,
    workbook_bytes,
)
from monitoring.plan_store import load_plan
from monitoring.progress import (
    as_of_moment,
    counted_reports,
    counted_revisions,
    indicator_ends,
    indicator_status,
    live_snapshot,
    progress_by,
)
from monitoring.report_workbook import report_template
from monitoring.reporting import reportable_measures, submit_reports
from plan.model import Axis, Objective, Plan
from tests.factories import make_measure, make_plan, text

MONTH, AS_OF = "2020-03", "2021-01"
NOW = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)
TODAY = dt.date(2021, 3, 1)


def shuffled_plan() -> Plan:
    base = make_plan(code="ORDER")
    axes = (Axis(code="E3", title=text("Axis 3")), Axis(code="E1", title=text("Axis 1")))
    objectives = (
        Objective(code="O12", gcm_number=12, axis="E3", title=text("Objective 12")),
        Objective(code="O02", gcm_number=2, axis="E1", title=text("Objective 2")),
        Objective(code="O09", gcm_number=9, axis="E3", title=text("Objective 9")),
    )
    # the first measure is not under the first objective, nor led by the first body
    placed = (
        (2, "O02", "MAI"),
        (10, "O12", "MTSSS"),
        (7, "O09", "SEF"),
        (1, "O02", "MTSSS"),
        (4, "O12", "IEFP"),
    )
    measures = tuple(
        make_measure(n, objective, lead_body=lead, co_bodies=("SEF",) if lead != "SEF" else ())
        for n, objective, lead in placed
    )
    bodies = tuple(sorted(base.bodies, key=lambda b: b.code != "MTSSS"))  # MTSSS, MAI, SEF, IEFP
    return base.model_copy(
        update={"axes": axes, "objectives": objectives, "measures": measures, "bodies": bodies}
    )


PLAN = shuffled_plan()
AXES = ["E3", "E1"]
OBJECTIVES = ["O12", "O02", "O09"]
MEASURES = ["M002", "M010", "M007", "M001", "M004"]
INDICATORS = ["I002", "I010", "I007", "I001", "I004"]
LEAD_BODIES = ["MTSSS", "MAI", "SEF", "IEFP"]  # the plan's body order; every one leads a measure here


@pytest.fixture
def reported(session):
    """The plan loaded and reports arriving in another order than the plan's (M004 first)."""
    load_plan(session, PLAN)
    user = create_user(
        session, email="sec@example.pt", name="Sec", role=Role.SECRETARIAT, password="correct horse battery"
    )
    actor = actor_for(session, user)
    for code in ("M004", "M001", "M007", "M002", "M010"):
        row = {"measure": code, "stage": "in_progress", "indicators": {f"I{code[1:]}": 5}}
        assert submit_reports(session, actor=actor, month=MONTH, rows=[row], now=NOW).ok
    session.commit()
    return actor


def test_progress_by_axis_objective_and_body_follows_the_plan(session, reported):
    snap = live_snapshot(session, PLAN, as_of=AS_OF)
    assert progress_by(snap, PLAN, "axis")["axis"].tolist() == AXES
    assert progress_by(snap, PLAN, "objective")["objective"].tolist() == OBJECTIVES
    assert progress_by(snap, PLAN, "lead_body")["lead_body"].tolist() == LEAD_BODIES
    assert snap.measures["measure"].tolist() == MEASURES


def test_the_dashboards_tables_follow_the_plan(session, reported):
    moment = as_of_moment(PLAN, AS_OF)
    snap = live_snapshot(session, PLAN, as_of=AS_OF)
    frame = measures_with_state(PLAN, snap, "pt")
    assert frame["code"].tolist() == MEASURES
    reports = counted_reports(session, "ORDER", as_of=AS_OF, moment=moment, validated_only=False)
    assert history_grid(PLAN, reports, as_of=AS_OF).index.tolist() == MEASURES
    revisions = counted_revisions(
        session, "ORDER", months=("2020-02", AS_OF), moment=moment, validated_only=False
    )
    summary = reporting_summary(body_reporting(PLAN, revisions, as_of=AS_OF))
    assert summary["body"].tolist() == LEAD_BODIES
    status = indicator_status(PLAN, indicator_ends(session, PLAN, as_of=AS_OF), as_of=AS_OF)
    assert status["indicator"].tolist() == INDICATORS
    attention = attention_list(frame, status)  # every measure is missing a report for the as-of month
    assert attention[attention["reason"] == "missing"]["code"].tolist() == MEASURES
    assert measures_frame(PLAN, "pt")["code"].tolist() == MEASURES


def test_the_balance_tables_workbook_and_csvs_follow_the_plan(session, reported):
    balance = balance_tables(session, as_of=AS_OF, today=TODAY)
    expected = {
        "by_axis": ("axis", AXES),
        "by_objective": ("objective", OBJECTIVES),
        "by_body": ("lead_body", LEAD_BODIES),
        "measures": ("code", MEASURES),
        "indicators": ("indicator", INDICATORS),
    }
    for name, (column, order) in expected.items():
        assert balance.tables[name][column].tolist() == order, name
    workbook = load_workbook(io.BytesIO(workbook_bytes(balance)))
    sheets = {
        "by_objective": (workbook.worksheets[2], OBJECTIVES),
        "by_body": (workbook.worksheets[3], LEAD_BODIES),
        "measures": (workbook.worksheets[4], MEASURES),
    }
    for name, (sheet, order) in sheets.items():
        first = [sheet.cell(row, 1).value for row in range(TABLE_ROW + 1, TABLE_ROW + 1 + len(order))]
        assert first == order, name
    indicators = workbook.worksheets[5]
    column = [c.field for c in COLUMNS["indicators"]].index("indicator") + 1
    assert [indicators.cell(r, column).value for r in range(TABLE_ROW + 1, TABLE_ROW + 6)] == INDICATORS
    summary = workbook.worksheets[1]
    axis_cells = [c.value for c in summary["A"] if c.value in AXES]
    assert axis_cells == AXES
    with zipfile.ZipFile(io.BytesIO(open_data_bytes(balance))) as archive:
        for name, (column, order) in expected.items():
            rows = list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8-sig"))))
            assert [r[column] for r in rows] == order, name


def test_the_public_tables_follow_the_plan_and_name_each_objective_once(session, reported):
    tables = public_tables(balance_tables(session, as_of=AS_OF, today=TODAY))
    objectives = tables["by_objective"]
    assert objectives.iloc[:, 0].tolist() == ["12", "2", "9"]  # the GCM numbers, in the plan's order
    assert "O12" not in objectives.to_string()  # the code would only repeat the number
    assert tables["by_axis"].iloc[:, 0].tolist() == AXES
    assert tables["measures"].iloc[:, 0].tolist() == MEASURES


def test_completeness_the_form_and_the_template_follow_the_plan(session, reported):
    assert measure_completeness(session, month=MONTH)["measure"].tolist() == MEASURES
    assert body_completeness(session, month=MONTH, today=TODAY)["body"].tolist() == LEAD_BODIES
    rows = reportable_measures(session, actor=reported, month="2020-04", today=TODAY)
    assert [r["measure"] for r in rows] == MEASURES
    template = load_workbook(
        io.BytesIO(report_template(session, actor=reported, month="2020-04", today=TODAY))
    )
    sheet = template.worksheets[1]
    assert [sheet.cell(r, 1).value for r in range(2, 2 + len(MEASURES))] == MEASURES

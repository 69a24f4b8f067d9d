"""Bulk reporting by Excel: the template, reading an upload back, the preview. Every refusal
says why, and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from monitoring.auth import AccessDenied, Role, actor_for, create_user
from monitoring.i18n import translate
from monitoring.plan_store import load_plan
from monitoring.report_workbook import (
    INDICATOR_FIELDS,
    MAX_ROWS,
    REPORT_FIELDS,
    preview_upload,
    read_report_workbook,
    report_template,
)
from monitoring.reporting import save_draft, submit_reports
from monitoring.rules import ReportRejected
from monitoring.tables import BodyMonthEvent, IndicatorValue, ReportDraft, StatusRevision
from tests.factories import make_plan

MONTH = "2020-03"
TODAY = dt.date(2020, 4, 5)
NOW = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)
OPEN = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)
IN_FEBRUARY = dt.datetime(2020, 3, 2, 12, tzinfo=dt.UTC)
LABELS = {
    "pt": {"in_progress": "Em execução", "completed": "Concluída", "delayed": "Com atraso"},
    "en": {"in_progress": "In progress", "completed": "Completed", "delayed": "Delayed"},
}


def count(session, table=StatusRevision) -> int:
    return session.scalar(select(func.count()).select_from(table))


def template(session, actor, *, month=MONTH, language="pt") -> bytes:
    return report_template(session, actor=actor, month=month, language=language, today=TODAY)


def edited(data: bytes, report=None, indicators=None, extra_rows=()) -> bytes:
    """The workbook with cells changed, as a person would in Excel: {(measure or indicator, field): value}."""
    workbook = load_workbook(io.BytesIO(data))
    report_sheet, indicator_sheet = workbook.worksheets[1], workbook.worksheets[2]
    _set(report_sheet, REPORT_FIELDS, report or {}, key_column=1)
    _set(indicator_sheet, INDICATOR_FIELDS, indicators or {}, key_column=2)
    for row in extra_rows:
        report_sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set(sheet, fields, changes, *, key_column) -> None:
    rows = {sheet.cell(r, key_column).value: r for r in range(2, sheet.max_row + 1)}
    for (key, field), value in changes.items():
        sheet.cell(rows[key], fields.index(field) + 1).value = value


def upload(session, actor, data, *, month=MONTH, all_or_nothing=False):
    rows = read_report_workbook(data, month=month).rows
    result = submit_reports(session, actor=actor, month=month, rows=rows, all_or_nothing=all_or_nothing,
                            channel="excel", now=OPEN)  # fmt: skip
    session.commit()
    return result


def refusal_of(read) -> ReportRejected:
    with pytest.raises(ReportRejected) as refused:
        read()
    return refused.value


# ---- the round trip ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["pt", "en"])
def test_a_filled_template_is_previewed_and_stored(session, world, language):
    words = LABELS[language]
    data = edited(
        template(session, world["fp_sef"], language=language),
        report={("M001", "stage"): words["in_progress"], ("M001", "done"): "Protocol signed",
                ("M001", "evidence"): "https://dre.pt/a\nhttps://dre.pt/b",
                ("M005", "stage"): words["in_progress"], ("M005", "pace"): words["delayed"]},
        indicators={("I001", "value"): 12},
    )  # fmt: skip
    rows = read_report_workbook(data, month=MONTH).rows
    preview = preview_upload(session, actor=world["fp_sef"], month=MONTH, rows=rows, today=TODAY)
    changes = {(r.measure, r.field): (r.current, r.new) for r in preview.itertuples()}
    assert changes[("M001", "stage")] == ("not_started", "in_progress")
    assert changes[("M001", "done")] == (None, "Protocol signed")
    assert changes[("M001", "indicators.I001")] == (None, 12.0)
    assert changes[("M005", "pace")] == (None, "delayed")
    assert set(preview.outcome) == {"saved"}
    assert count(session) == 0
    result = upload(session, world["fp_sef"], data)
    assert sorted(r.measure for r in result.saved) == ["M001", "M003", "M005"]
    stored = session.scalars(select(StatusRevision).where(StatusRevision.measure_code == "M001")).one()
    assert (stored.stage, stored.done, stored.evidence, stored.channel) == (
        "in_progress", "Protocol signed", '["https://dre.pt/a", "https://dre.pt/b"]', "excel")  # fmt: skip
    assert session.scalars(select(IndicatorValue.value)).all() == [12]


def test_uploading_the_same_file_twice_stores_no_duplicate_revisions(session, world):
    data = edited(template(session, world["fp_sef"]), report={("M001", "done"): "Protocol signed"})
    first = upload(session, world["fp_sef"], data)
    again = upload(session, world["fp_sef"], data)
    assert (len(first.saved), len(again.saved), len(again.unchanged)) == (3, 0, 3)
    assert count(session) == 3


def test_a_fresh_template_of_a_reported_month_goes_back_unchanged(session, world):
    fp = world["fp_sef"]
    february = {"measure": "M001", "stage": "completed", "evidence": "https://dre.pt/m001", "percent": 100,
                "indicators": {"I001": 10}}  # fmt: skip
    submit_reports(session, actor=fp, month="2020-02", rows=[february], now=IN_FEBRUARY)
    march = {"measure": "M001", "stage": "in_progress", "done": "=40 protocols signed",
             "justification": "Phase two was added", "outlier_note": "Regularisation drive",
             "indicators": {"I001": 400}}  # fmt: skip
    assert submit_reports(session, actor=fp, month=MONTH, rows=[march], now=OPEN).saved
    session.commit()
    result = upload(session, fp, template(session, fp))
    assert [r.measure for r in result.unchanged] == ["M001"]
    assert not result.rejected


# ---- files refused whole ----------------------------------------------------------------


def _formula(session, world) -> bytes:
    return edited(template(session, world["fp_sef"]),
                  report={("M001", "evidence"): '=HYPERLINK("https://example.org")'})  # fmt: skip


def _plain_workbook(session, world) -> bytes:
    workbook = Workbook()
    workbook.active.append(["measure", "stage"])
    workbook.active.append(["M001", "completed"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _too_many_rows(session, world) -> bytes:
    rows = [[f"M{n:04d}", "x"] for n in range(MAX_ROWS + 1)]
    return edited(template(session, world["fp_sef"]), extra_rows=rows)


def _zip_bomb(session, world) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def _header_changed(session, world) -> bytes:
    workbook = load_workbook(io.BytesIO(template(session, world["fp_sef"])))
    workbook.worksheets[1]["D1"] = "Whatever"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make_file", "key", "params"),
    [
        (_formula, "formula_in_cell", {"value": "Relatório!J2"}),
        (_plain_workbook, "not_the_template", {}),
        (lambda session, world: b"measure;stage\nM001;completed\n", "not_the_template", {}),
        (lambda session, world: b"PK\x03\x04 broken", "not_the_template", {}),
        (lambda session, world: template(session, world["fp_sef"], month="2020-02"),
         "template_other_month", {"template": "2020-02", "month": MONTH}),
        (lambda session, world: b"PK" + b"\0" * (5 * 1024 * 1024), "file_too_large", {"limit": 5}),
        (_zip_bomb, "workbook_inflates_too_much", {"size": 60, "limit": 50}),
        (_too_many_rows, "too_many_rows", {"value": "Relatório", "limit": MAX_ROWS}),
        (_header_changed, "not_the_template", {}),
        (lambda session, world: edited(template(session, world["fp_sef"]), indicators={("I001", "measure"): "M002"}),
         "indicator_without_measure", {"value": 2}),
    ],
)  # fmt: skip
def test_a_file_that_is_not_this_month_template_is_refused_whole(session, world, make_file, key, params):
    data = make_file(session, world)
    before = count(session)
    refused = refusal_of(lambda: upload(session, world["fp_sef"], data))
    assert (refused.key, refused.params) == (key, params)
    assert translate(f"error.{key}", "en", **params) != f"error.{key}"
    assert count(session) == before == 0


def test_the_refused_formula_is_named_by_its_cell(session, world):
    refused = refusal_of(lambda: read_report_workbook(_formula(session, world), month=MONTH))
    message = translate("error.formula_in_cell", "en", **refused.params)
    assert message == "Cell Relatório!J2 holds a formula; write values only."


def test_a_template_of_another_plan_is_refused(session, world):
    data = template(session, world["fp_sef"])
    refused = refusal_of(lambda: read_report_workbook(data, month=MONTH, plan_code="OTHER"))
    assert (refused.key, refused.params) == ("template_other_plan", {"value": "TEST", "plan": "OTHER"})
    assert read_report_workbook(data, month=MONTH, plan_code="TEST").plan_code == "TEST"


# ---- rows refused by the rules ----------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "indicators", "measure", "key"),
    [
        ({("M001", "stage"): "almost done"}, {}, "M001", "unknown_stage"),
        ({("M001", "percent"): 130}, {}, "M001", "percent_out_of_range"),
        ({("M001", "percent"): 12.5}, {}, "M001", "invalid_field"),
        ({("M001", "stage"): "Concluída"}, {}, "M001", "completion_needs_evidence"),
        ({("M001", "evidence"): "javascript:alert(1)"}, {}, "M001", "invalid_link"),
        ({("M005", "stage"): "Em execução"}, {}, "M005", "continuous_needs_pace"),
        ({("M001", "pace"): "Com atraso"}, {}, "M001", "pace_only_for_continuous"),
        ({}, {("I001", "value"): "lots"}, "M001", "invalid_field"),
        ({}, {("I001", "value"): -3}, "M001", "count_not_whole"),
    ],
)
def test_a_bad_row_is_refused_with_its_reason_and_nothing_is_written(session, world, report, indicators,
                                                                      measure, key):  # fmt: skip
    data = edited(template(session, world["fp_sef"]), report=report, indicators=indicators)
    rows = read_report_workbook(data, month=MONTH).rows
    preview = preview_upload(session, actor=world["fp_sef"], month=MONTH, rows=rows, today=TODAY)
    refused = preview[preview.outcome == "refused"]
    assert (set(refused.measure), set(refused.reason)) == ({measure}, {key})
    result = upload(session, world["fp_sef"], data, all_or_nothing=True)
    [rejected] = result.rejected
    assert (rejected.measure, rejected.key) == (measure, key)
    assert translate(f"error.{key}", "pt", **rejected.params) != f"error.{key}"
    assert count(session) == 0


@pytest.mark.parametrize(("all_or_nothing", "stored"), [(True, 0), (False, 2)])
def test_all_or_nothing_stores_nothing_when_one_row_is_refused(session, world, all_or_nothing, stored):
    data = edited(template(session, world["fp_sef"]), report={("M003", "percent"): 400})
    result = upload(session, world["fp_sef"], data, all_or_nothing=all_or_nothing)
    assert [r.key for r in result.rejected] == ["percent_out_of_range"]
    assert count(session) == stored


def test_a_measure_of_another_body_typed_into_the_file_is_refused(session, world):
    typed_in = ["M002", "Measure 2", "Não", "Em execução"]
    data = edited(template(session, world["fp_sef"]), extra_rows=[typed_in])
    result = upload(session, world["fp_sef"], data, all_or_nothing=True)
    assert [(r.measure, r.key) for r in result.rejected] == [("M002", "measure_not_yours")]
    assert count(session) == 0


# ---- the template -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "measures"),
    [
        ("fp_sef", ["M001", "M003", "M005"]),
        ("fp_iefp", ["M002", "M004", "M006"]),
        ("secretariat", ["M001", "M002", "M003", "M004", "M005", "M006"]),
    ],
)
def test_a_template_has_only_the_measures_of_the_actor_bodies(session, world, who, measures):
    rows = read_report_workbook(template(session, world[who]), month=MONTH).rows
    assert [r["measure"] for r in rows] == measures


@pytest.mark.parametrize("who", ["committee", "validator_sef"])
def test_roles_that_do_not_report_get_no_template(session, world, who):
    with pytest.raises(AccessDenied):
        template(session, world[who])


@pytest.mark.parametrize(
    ("language", "sheets", "stages"),
    [
        ("pt", ["Instruções", "Relatório", "Indicadores", "meta"], '"Não iniciada,Em execução,Concluída"'),
        ("en", ["Instructions", "Report", "Indicators", "meta"], '"Not started,In progress,Completed"'),
    ],
)
def test_the_stage_column_offers_the_three_stages_as_a_list(session, world, language, sheets, stages):
    workbook = load_workbook(io.BytesIO(template(session, world["fp_sef"], language=language)))
    assert workbook.sheetnames == sheets
    [stage] = [v for v in workbook.worksheets[1].data_validations.dataValidation if "D2" in v.sqref]
    assert (stage.type, stage.formula1, str(stage.sqref)) == ("list", stages, "D2:D4")


def test_id_columns_are_locked_and_the_sheet_is_protected(session, world):
    workbook = load_workbook(io.BytesIO(template(session, world["fp_sef"])))
    report = workbook["Relatório"]
    assert report.protection.sheet and workbook.security.lockStructure
    locked = {field: report.cell(2, n).protection.locked for n, field in enumerate(REPORT_FIELDS, start=1)}
    assert [f for f, is_locked in locked.items() if is_locked] == ["measure", "title", "continuous", "pace",
                                                                   "based_on"]  # fmt: skip
    assert report.cell(4, REPORT_FIELDS.index("pace") + 1).protection.locked is False  # M005 is continuous
    assert report.column_dimensions["M"].hidden and report.freeze_panes == "C2"
    assert workbook["meta"].sheet_state == "veryHidden"
    indicators = workbook["Indicadores"]
    assert indicators.protection.sheet
    assert [indicators.cell(2, n).protection.locked for n in range(1, len(INDICATOR_FIELDS) + 1)] == [
        True, True, True, True, True, True, False]  # fmt: skip


def test_the_preview_writes_nothing(session, world):
    save_draft(session, actor=world["fp_sef"], month=MONTH, measure="M003", payload={"done": "Half-written"})
    session.commit()
    tables = (StatusRevision, IndicatorValue, BodyMonthEvent, ReportDraft)
    before = [count(session, t) for t in tables]
    data = edited(template(session, world["fp_sef"]), indicators={("I001", "value"): 5})
    preview = preview_upload(session, actor=world["fp_sef"], month=MONTH,
                             rows=read_report_workbook(data, month=MONTH).rows, today=TODAY)  # fmt: skip
    session.commit()
    assert set(preview.outcome) == {"saved"}
    assert [count(session, t) for t in tables] == before == [0, 0, 0, 1]


def test_reading_a_97_measure_workbook_takes_well_under_two_seconds(session):
    load_plan(session, make_plan(measures=97, continuous=10))
    user = create_user(session, email="sec@example.pt", name="Sec", role=Role.SECRETARIAT,
                       password="correct horse battery")  # fmt: skip
    data = template(session, actor_for(session, user))
    start = time.perf_counter()
    rows = read_report_workbook(data, month=MONTH).rows
    assert (len(rows), time.perf_counter() - start < 0.5) == (97, True)


def test_the_preview_of_another_body_measure_shows_only_the_refusal(session, world):
    """M002 belongs to MTSSS and IEFP: its current values (percent, texts, evidence) never reach
    a focal point of SEF, even through the preview of a file naming it."""
    secret = {"measure": "M002", "stage": "in_progress", "percent": 37, "done": "IEFP internal note",
              "evidence": "https://iefp.example/internal"}  # fmt: skip
    assert submit_reports(session, actor=world["fp_iefp"], month=MONTH, rows=[secret], now=NOW).ok
    session.commit()
    typed_in = ["M002", "Measure 2", "Não", "Em execução", None, 50, "mine now"]
    data = edited(template(session, world["fp_sef"]), extra_rows=[typed_in])
    rows = read_report_workbook(data, month=MONTH).rows
    preview = preview_upload(session, actor=world["fp_sef"], month=MONTH, rows=rows, today=TODAY)
    foreign = preview[preview.measure == "M002"]
    assert len(foreign) == 1
    [record] = foreign.to_dict("records")
    assert (record["outcome"], record["reason"]) == ("refused", "measure_not_yours")
    assert record["field"] == "" and record["current"] is None and record["new"] is None
    shown = preview.to_csv()
    for hidden in ("37", "IEFP internal note", "iefp.example"):
        assert hidden not in shown

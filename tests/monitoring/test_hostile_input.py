"""Hostile input: crafted files and rows fed to the plan loader, the report rules and the Excel upload.

Each is refused with a message a person can read (a `PlanInvalid` with problems, a `ReportRejected`
whose key is in the catalogue, or a refused row), or, when it is valid text (SQL metacharacters,
text that looks like a formula), stored verbatim as text. A refusal never leaves a row behind.
Property tests then throw random junk at the same three doors.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

import monitoring.tables  # noqa: F401  (every table registered in SQLModel.metadata)
from monitoring.auth import require_manager
from monitoring.i18n import CATALOGUE, translate
from monitoring.plan_store import load_plan
from monitoring.report_workbook import (
    MAX_ROWS,
    REPORT_FIELDS,
    read_report_workbook,
    report_template,
)
from monitoring.reporting import TEXT_FIELDS, save_draft, submit_reports
from monitoring.rules import ReportRejected
from monitoring.tables import BodyRow, PlanVersion, StatusRevision
from plan.errors import MESSAGES, PlanInvalid
from plan.io import plan_document, plan_yaml, read_plan_bytes
from plan.model import DESCRIPTION_LIMIT, NOTE_LIMIT, TITLE_LIMIT, UNIT_LIMIT
from plan.validation import validate_document
from tests.corpus import make_corpus as corpus
from tests.factories import make_plan

MONTH = "2020-03"
TODAY = dt.date(2020, 4, 5)
OPEN = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)
SQL = corpus.SQL
TRIED: Counter[str] = Counter()  # every hostile input fed to a door, by kind; written out at the end
TRIED_FILE = Path(tempfile.gettempdir()) / "gcm_hostile_inputs.json"
PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
BOUND = 10.0  # seconds: a generous bound against pathological slowness (real figures: benchmarks)

# What each committed corpus file is refused with by the plan loader.
PLAN_REFUSALS = {
    "not_a_zip.xlsx": "unreadable_file",
    "truncated.xlsx": "unreadable_file",
    "plan_billion_laughs.xlsx": "xml_declarations",
    "plan_external_entity.xlsx": "xml_declarations",
    "plan_external_entity_workbook_part.xlsx": "xml_declarations",
    "plan_invalid_xml_sheet.xlsx": "unreadable_file",
    "plan_macro.xlsx": "foreign_part",
    "plan_external_link.xlsx": "foreign_part",
    "plan_formulas.xlsx": "formula_in_cell",
    "plan_deeply_nested_list.yaml": "syntax_error",
    "plan_deeply_nested_mapping.yaml": "syntax_error",
    "plan_deeply_nested.json": "syntax_error",
    "plan_python_object_tag.yaml": "syntax_error",
    "plan_nul_byte.yaml": "control_character",
    "plan_lone_surrogate.json": "syntax_error",
    "plan_nul_escaped.json": "control_character",
    "plan_control_character.json": "control_character",
    "plan_escaped_bell.yaml": "control_character",
    "plan_duplicate_key.yaml": "duplicate_key",
    "plan_duplicate_key.json": "duplicate_key",
    "plan_long_texts.json": "text_over_limit",
    "plan_invalid_utf8.yaml": "unreadable_file",
    "plan_utf16.yaml": "unreadable_file",
    "plan_wrong_types.yaml": "invalid_value",
    "plan_list_document.json": "not_a_plan",
    "plan_yaml_alias_bomb.yaml": "invalid_value",
}
VALID_TEXT_FILES = ("plan_sql_metacharacters.yaml", "plan_sql_metacharacters.json")
# Workbooks with rows and cells where no spreadsheet program puts them (make_corpus.workbook_files),
# and the reason both doors, the plan loader and the Excel upload, refuse each with.
WORKBOOK_REFUSALS = {
    f"{door}_{case}.xlsx": key
    for door in ("plan", "upload")
    for case, key in {
        "far_row": "row_beyond_limit",
        "beyond_dimension": "beyond_dimension",
        "wide_row": "column_beyond_limit",
        "rows_out_of_order": "rows_out_of_order",
        "huge_cell": "cell_too_long",
        "huge_shared_string": "cell_too_long",
    }.items()
}
CPU_BOUND = 2.0  # seconds of CPU any workbook may cost before it is read or refused


@pytest.fixture(scope="module", autouse=True)
def _write_count():
    yield
    TRIED_FILE.write_text(json.dumps({"total": sum(TRIED.values()), **dict(sorted(TRIED.items()))}, indent=1))


def row_counts(session: Session) -> dict[str, int]:
    """The number of rows of every table, flushed changes of the session included."""
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in SQLModel.metadata.sorted_tables
    }


def has_message(refusal: ReportRejected) -> bool:
    return f"error.{refusal.key}" in CATALOGUE


def assert_plan_refusal(error: PlanInvalid, key: str | None = None) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.key in MESSAGES
        assert problem.message("pt") and problem.message("en")
    if key is not None:
        assert key in {p.key for p in error.problems}, error


def load_plan_upload(session: Session, actor, data: bytes, *, name: str):
    """The plan page's path: validate the bytes, then (for a manager) store the plan."""
    plan = read_plan_bytes(data, name=name)
    require_manager(actor)
    return load_plan(session, plan, source_name=name, loaded_by=actor.email)


# ---- the plan loader ---------------------------------------------------------------------


def test_corpus_is_complete_and_small():
    files = {p.name for p in corpus.HERE.iterdir() if p.suffix in (".yaml", ".json", ".xlsx")}
    assert files == set(PLAN_REFUSALS) | set(VALID_TEXT_FILES) | set(WORKBOOK_REFUSALS)
    assert sum(p.stat().st_size for p in corpus.HERE.iterdir() if p.is_file()) < 2_000_000
    assert {n: corpus.plan_files()[n] for n in VALID_TEXT_FILES} == {
        n: (corpus.HERE / n).read_bytes() for n in VALID_TEXT_FILES
    }


@pytest.mark.parametrize(("name", "key"), sorted(PLAN_REFUSALS.items()))
def test_hostile_plan_file_is_refused_with_problems_and_nothing_is_stored(session, world, name, key):
    TRIED["plan_corpus_file"] += 1
    before, start = row_counts(session), time.perf_counter()
    with pytest.raises(PlanInvalid) as refused:
        load_plan_upload(session, world["secretariat"], (corpus.HERE / name).read_bytes(), name=name)
    assert time.perf_counter() - start < BOUND
    assert_plan_refusal(refused.value, key)
    assert "root:" not in str(refused.value)  # no external entity was ever resolved
    assert row_counts(session) == before


# The Excel upload refuses a plan file as not its template, or earlier with the reason it would give
# any workbook (the same words as the plan loader's, with the `workbook_` prefix of its catalogue).
UPLOAD_REFUSALS = {"xml_declarations": "workbook_xml_declarations", "foreign_part": "workbook_foreign_part"}


@pytest.mark.parametrize("name", sorted(PLAN_REFUSALS))
def test_hostile_plan_file_is_refused_by_the_excel_upload_too(session, world, name):
    TRIED["upload_corpus_file"] += 1
    before = row_counts(session)
    with pytest.raises(ReportRejected) as refused:
        read_report_workbook((corpus.HERE / name).read_bytes(), month=MONTH)
    assert refused.value.key == UPLOAD_REFUSALS.get(PLAN_REFUSALS[name], "not_the_template")
    assert has_message(refused.value)
    assert row_counts(session) == before


def cpu_seconds(run) -> tuple[object, float]:
    """What `run` returned or raised, and the CPU time it took."""
    start = time.process_time()
    try:
        outcome = run()
    except (PlanInvalid, ReportRejected) as refusal:
        outcome = refusal
    return outcome, time.process_time() - start


@pytest.mark.parametrize(("name", "key"), sorted(WORKBOOK_REFUSALS.items()))
def test_rows_and_cells_beyond_the_limits_are_refused_by_the_plan_loader_quickly(session, world, name, key):
    TRIED["plan_corpus_file"] += 1
    before = row_counts(session)
    data = (corpus.HERE / name).read_bytes()
    refused, seconds = cpu_seconds(lambda: load_plan_upload(session, world["secretariat"], data, name=name))
    assert isinstance(refused, PlanInvalid), refused
    assert_plan_refusal(refused, key)
    [problem] = refused.problems
    sheet = "measures" if name.startswith("plan") else "Relatório"
    assert problem.record == sheet and sheet in problem.message("pt") and sheet in problem.message("en")
    assert seconds < CPU_BOUND
    assert row_counts(session) == before


@pytest.mark.parametrize(("name", "key"), sorted(WORKBOOK_REFUSALS.items()))
def test_rows_and_cells_beyond_the_limits_are_refused_by_the_excel_upload_quickly(session, world, name, key):
    TRIED["upload_corpus_file"] += 1
    before = row_counts(session)
    data = (corpus.HERE / name).read_bytes()
    refused, seconds = cpu_seconds(lambda: read_report_workbook(data, month=MONTH))
    assert isinstance(refused, ReportRejected), refused
    assert refused.key == f"workbook_{key}" and has_message(refused)
    sheet = "measures" if name.startswith("plan") else "Relatório"
    for language in ("pt", "en"):
        assert sheet in translate(f"error.{refused.key}", language, **refused.params)
    assert seconds < CPU_BOUND
    assert row_counts(session) == before


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("upload_far_row.xlsx", "row numbered 5000000; the template's rows end at row 2001"),
        ("upload_beyond_dimension.xlsx", "says it ends at row 4 but holds row 44"),
        (
            "upload_wide_row.xlsx",
            "Cell XFD5 of sheet Relatório is outside the template's table (columns A to T)",
        ),
        ("upload_huge_cell.xlsx", "Cell A5 of sheet Relatório holds more than 32767 characters"),
        ("upload_huge_shared_string.xlsx", "Cell A5 of sheet Relatório holds more than 32767 characters"),
    ],
)
def test_an_upload_refused_for_its_rows_or_cells_says_where(name, words):
    with pytest.raises(ReportRejected) as refused:
        read_report_workbook((corpus.HERE / name).read_bytes(), month=MONTH)
    assert words in translate(f"error.{refused.value.key}", "en", **refused.value.params)


def test_a_plan_workbook_with_an_entity_declaration_says_so_in_each_language():
    name = "plan_external_entity_workbook_part.xlsx"
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes((corpus.HERE / name).read_bytes(), name=name)
    [problem] = refused.value.problems
    assert "DOCTYPE" in problem.message("en") and "xl/workbook.xml" in problem.message("en")
    assert problem.message("pt").startswith("o ficheiro contém declarações XML")
    assert "None" not in str(refused.value)


@pytest.mark.parametrize("name", VALID_TEXT_FILES)
def test_sql_metacharacters_in_a_plan_are_stored_verbatim_as_text(session, world, name):
    TRIED["plan_corpus_file"] += 1
    result = load_plan_upload(session, world["secretariat"], (corpus.HERE / name).read_bytes(), name=name)
    session.commit()
    version = session.get(PlanVersion, result.version.id)
    assert version.title_pt.endswith(SQL) and version.legal_basis.endswith(SQL)
    assert SQL in session.scalars(select(BodyRow.code).where(BodyRow.plan_version_id == version.id)).all()
    assert session.scalar(select(func.count()).select_from(StatusRevision)) == 0  # the table is still there
    assert set(row_counts(session)) == {t.name for t in SQLModel.metadata.sorted_tables}


def test_zip_bomb_disguised_as_a_plan_workbook_is_refused(tmp_path, session, world):
    TRIED["plan_zip_bomb"] += 2
    bomb = corpus.zip_bomb(tmp_path / "bomb.xlsx").read_bytes()
    before = row_counts(session)
    # The second bomb's headers say 1 KB: the reader never inflates more than that and finds it damaged.
    for data, key in ((bomb, "inflates_too_much"), (corpus.lying_zip_bomb(bomb), "unreadable_file")):
        with pytest.raises(PlanInvalid) as refused:
            load_plan_upload(session, world["secretariat"], data, name="plan.xlsx")
        assert_plan_refusal(refused.value, key)
    assert row_counts(session) == before


def test_path_traversal_in_the_upload_name_reads_no_file(session, world):
    TRIED["plan_upload_name"] += 4
    valid = corpus.plan_files()["plan_sql_metacharacters.yaml"]
    plan = read_plan_bytes(valid, name="../../etc/passwd.yaml")
    assert plan.plan.title.pt.endswith(SQL)  # the bytes given, not the file named
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes(b"plan: [", name="../../etc/passwd.yaml")
    assert refused.value.problems[0].file == "../../etc/passwd.yaml"
    assert "root:" not in str(refused.value)
    for name in ("../../etc/passwd", "/etc/shadow\x00.yaml"):
        with pytest.raises(PlanInvalid) as refused:
            read_plan_bytes(b"x: 1", name=name)
        assert_plan_refusal(refused.value)
    name = "../" * 200 + "etc/passwd.yaml"
    assert load_plan_upload(session, world["secretariat"], valid, name=name).version.source_name == name[:255]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"plan:\n  code: " + b"x" * 11_000_000, "file_too_large"),
        (b"plan:\n  code: " + b"x" * 2_000_000 + b"\n", "text_over_limit"),
        (b"x" * 1_000_000 + b": 1\nplan: {}\n", "syntax_error"),
        (b"\x00" * 1000, "control_character"),
        (b"   \n\t  ", "empty_file"),
        (b"\xef\xbb\xbf", "empty_file"),
    ],
    ids=["over_10MB", "huge_code", "huge_key", "nul_bytes", "blank", "bom_only"],
)
def test_huge_or_empty_plan_files_are_refused(data, key):
    TRIED["plan_crafted_bytes"] += 1
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes(data, name="plan.yaml")
    assert_plan_refusal(refused.value, key)


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        ("plan_duplicate_key.yaml", "en", "key code appears twice in the same record (lines 2 and 4)"),
        ("plan_duplicate_key.yaml", "pt", "a chave code aparece duas vezes no mesmo registo (linhas 2 e 4)"),
        ("plan_duplicate_key.json", "en", "key lead_body appears twice in the same record (lines 98 and 99)"),
        ("plan_nul_byte.yaml", "en", "control character U+0000 at line 2, column 11"),
        ("plan_nul_byte.yaml", "pt", "carácter de controlo U+0000 na linha 2, coluna 11"),
        ("plan_escaped_bell.yaml", "en", "control character U+0007 at line 3, column 16"),
        ("plan_long_texts.json", "en", "plan › title.pt: the text has 501 characters; the limit is 500"),
        ("plan_long_texts.json", "en", "description.en: the text has 5001 characters; the limit is 5000"),
        ("plan_long_texts.json", "pt", "source: o texto tem 2001 caracteres; o máximo é 2000"),
    ],
)
def test_strict_plan_files_say_where_the_problem_is(name, language, expected):
    TRIED["plan_corpus_file"] += 1
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes((corpus.HERE / name).read_bytes(), name=name)
    assert expected in "\n".join(p.describe(language) for p in refused.value.problems)


def test_a_one_megabyte_title_is_refused_quickly_and_nothing_is_stored(session, world):
    TRIED["plan_crafted_bytes"] += 1
    document = json.loads(json.dumps(VALID_DOCUMENT))
    document["plan"]["title"]["en"] = "x" * 1_000_000
    before, start = row_counts(session), time.perf_counter()
    with pytest.raises(PlanInvalid) as refused:
        load_plan_upload(session, world["secretariat"], json.dumps(document).encode(), name="plan.json")
    assert time.perf_counter() - start < BOUND
    [problem] = refused.value.problems
    assert (problem.key, problem.params) == ("text_over_limit", {"length": 1_000_000, "limit": 500})
    assert row_counts(session) == before


# ---- the report rules --------------------------------------------------------------------


def row(measure="M001", stage="in_progress", **extra) -> dict:
    return {"measure": measure, "stage": stage, **extra}


CRAFTED_ROWS = [
    (row(SQL), "unknown_measure"),
    (row(stage=SQL), "unknown_stage"),
    (row(pace=SQL), "invalid_field"),
    (row(percent=SQL), "invalid_field"),
    (row(evidence=SQL), "invalid_link"),
    (row(indicators={SQL: 1}), "unknown_indicator"),
    (row(based_on=SQL), "invalid_field"),
    (row(**{SQL: "x"}), "invalid_field"),
    (row(done="a\x00b"), "invalid_field"),
    (row(obstacles="red \x1b[31m \x07 bell"), "invalid_field"),
    (row(next_steps="half a pair \ud800"), "invalid_field"),
    (row(justification="x" * 5_000_000), "text_too_long"),
    (row("M" * 1_000_000), "unknown_measure"),
    (row(evidence="http://[::1"), "invalid_link"),
    (row(evidence="http://a.example/\x00"), "invalid_link"),
    (row(evidence=" ".join(f"https://e.example/{n}" for n in range(1000))), "too_many_links"),
    (row(evidence=["https://e.example/" + "x" * 10_000]), "invalid_link"),
    (row(indicators={"I001": "nan"}), "value_not_a_number"),
    (row(indicators={"I001": "1e400"}), "value_not_a_number"),
    (row(indicators={"I001": -math.inf}), "value_not_a_number"),
    (row(indicators={"I001": {"a": [1]}}), "invalid_field"),
    (row(indicators="I001=5"), "invalid_field"),
    (row(percent=10**30), "percent_out_of_range"),
    (row(percent=1.5), "invalid_field"),
    (row(stage=None), "unknown_stage"),
    (row(stage=["in_progress"]), "unknown_stage"),
    (row(measure=["M001"]), "invalid_field"),
    (row(done={"nested": ["junk"]}), "invalid_field"),
    ({}, "invalid_field"),
    (None, "invalid_field"),
    ("M001", "invalid_field"),
    (["M001", "in_progress"], "invalid_field"),
    (42, "invalid_field"),
]


@pytest.mark.parametrize(("bad_row", "key"), CRAFTED_ROWS, ids=range(len(CRAFTED_ROWS)))
def test_crafted_row_is_refused_with_a_catalogued_reason_and_nothing_is_written(session, world, bad_row, key):
    TRIED["report_crafted_row"] += 1
    before = row_counts(session)
    result = submit_reports(session, actor=world["fp_sef"], month=MONTH, rows=[bad_row], now=OPEN)
    [refused] = result.rejected
    assert refused.key == key and f"error.{refused.key}" in CATALOGUE
    assert not result.saved and row_counts(session) == before
    assert len(refused.measure) <= 20


def test_sql_metacharacters_in_every_text_field_are_stored_verbatim(session, world):
    TRIED["report_crafted_row"] += 1
    texts = {name: f"{name} {SQL}" for name in TEXT_FIELDS}
    result = submit_reports(session, actor=world["fp_sef"], month=MONTH, rows=[row(**texts)], now=OPEN)
    session.commit()
    assert [r.key for r in result.saved] == ["saved"]
    stored = session.scalars(select(StatusRevision)).one()
    assert {name: getattr(stored, name) for name in TEXT_FIELDS} == texts
    assert row_counts(session)["status_revision"] == 1


@pytest.mark.parametrize("text", corpus.FORMULAS)
def test_text_that_looks_like_a_formula_is_stored_as_text_and_never_written_as_one(session, world, text):
    TRIED["report_crafted_row"] += 1
    submit_reports(
        session, actor=world["fp_sef"], month=MONTH, rows=[row(done=text, obstacles=text)], now=OPEN
    )
    session.commit()
    assert session.scalars(select(StatusRevision.done)).one() == text
    data = report_template(session, actor=world["fp_sef"], month=MONTH, today=TODAY)
    sheet = load_workbook(io.BytesIO(data)).worksheets[1]
    cells = [c for line in sheet.iter_rows() for c in line if c.value == text]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(
    "payload",
    [{"done": "half a pair \ud800"}, {"done": "x" * 60_000}, {"done": "a\x00b", "nested": [[[[1]]]]}],
    ids=["surrogate", "huge", "nul"],
)
def test_hostile_draft_is_refused_or_kept_as_json_text(session, world, payload):
    TRIED["report_crafted_draft"] += 1
    before = row_counts(session)
    try:
        save_draft(session, actor=world["fp_sef"], month=MONTH, measure="M001", payload=payload)
    except ReportRejected as refusal:
        assert has_message(refusal)
        assert row_counts(session) == before
    else:
        session.commit()
        assert row_counts(session)["report_draft"] == before["report_draft"] + 1
        assert report_template(session, actor=world["fp_sef"], month=MONTH, today=TODAY)  # still downloads


# ---- the Excel upload --------------------------------------------------------------------


@pytest.fixture
def template(session, world) -> bytes:
    return report_template(session, actor=world["fp_sef"], month=MONTH, today=TODAY)


def edited(data: bytes, change) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    change(workbook.worksheets[1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _many_rows(sheet) -> None:
    for number in range(10_000):
        sheet.append([f"M{number:05d}", "", "", "Em execução", None, 50, f"row {number}"])


def _report_part(name: str):
    return lambda data: corpus.edit_member(data, "xl/worksheets/sheet2.xml", name)


UPLOAD_ATTACKS = {
    "formulas": (lambda t: corpus.with_formulas(t, "xl/worksheets/sheet2.xml"), "formula_in_cell"),
    **{
        f"formula_{n}": (
            lambda t, f=f: corpus.with_formulas(t, "xl/worksheets/sheet2.xml", (f,)),
            "formula_in_cell",
        )
        for n, f in enumerate(corpus.FORMULAS)
    },
    "macro": (corpus.with_macro, "workbook_foreign_part"),
    "external_link": (corpus.with_external_link, "workbook_foreign_part"),
    "billion_laughs_in_meta": (
        lambda t: corpus.edit_member(
            t, "xl/worksheets/sheet4.xml", lambda x: corpus.with_doctype(x, corpus.BILLION_LAUGHS, "&lol9;")
        ),
        "workbook_xml_declarations",
    ),
    "external_entity_in_report": (
        lambda t: corpus.edit_member(
            t, "xl/worksheets/sheet2.xml", lambda x: corpus.with_doctype(x, corpus.EXTERNAL_ENTITY, "&xxe;")
        ),
        "workbook_xml_declarations",
    ),
    "nul_and_invalid_utf8_in_report": (
        lambda t: corpus.edit_member(
            t, "xl/worksheets/sheet2.xml", lambda x: x.replace(b"<t>", b"<t>\x00\xff", 1)
        ),
        "not_the_template",
    ),
    "truncated_report_part": (
        lambda t: corpus.edit_member(t, "xl/worksheets/sheet2.xml", lambda x: x[: len(x) // 2]),
        "not_the_template",
    ),
    "ten_thousand_rows": (lambda t: edited(t, _many_rows), "too_many_rows"),
    "over_5MB": (lambda t: t + b"\x00" * (5 * 1024 * 1024), "file_too_large"),
    "not_a_zip": (lambda t: b"PK" + b"\x00" * 100, "not_the_template"),
    "csv_renamed": (lambda t: b"measure,stage\nM001,completed\n", "not_the_template"),
}


@pytest.mark.parametrize("attack", sorted(UPLOAD_ATTACKS))
def test_hostile_upload_is_refused_whole_and_nothing_is_written(session, world, template, attack):
    TRIED["upload_crafted_file"] += 1
    make, key = UPLOAD_ATTACKS[attack]
    data = make(template)
    before = row_counts(session)
    with pytest.raises(ReportRejected) as refused:
        rows = read_report_workbook(data, month=MONTH).rows
        submit_reports(session, actor=world["fp_sef"], month=MONTH, rows=rows, channel="excel", now=OPEN)
    assert refused.value.key == key and has_message(refused.value)
    assert row_counts(session) == before


def test_zip_bomb_upload_is_refused_before_it_is_inflated(tmp_path, session, world):
    TRIED["upload_zip_bomb"] += 2
    bomb = corpus.zip_bomb(tmp_path / "bomb.xlsx", name="xl/worksheets/sheet2.xml").read_bytes()
    assert len(bomb) < 1_000_000
    before = row_counts(session)
    with pytest.raises(ReportRejected) as refused:
        read_report_workbook(bomb, month=MONTH)
    assert refused.value.key == "workbook_inflates_too_much" and has_message(refused.value)
    assert translate("error.workbook_inflates_too_much", "en", **refused.value.params).startswith(
        "The file unzips to 210 MB, more than the 50 MB"
    )
    with pytest.raises(ReportRejected) as refused:  # headers that say 1 KB: never inflated beyond
        read_report_workbook(corpus.lying_zip_bomb(bomb), month=MONTH)
    assert refused.value.key == "not_the_template"
    assert row_counts(session) == before


def test_sql_and_formula_looking_text_in_every_upload_cell_is_stored_verbatim(session, world, template):
    TRIED["upload_crafted_file"] += 1
    texts = {name: f"{SQL} {name}" for name in TEXT_FIELDS} | {"done": "+SUM(1,2) " + SQL}

    def fill(sheet) -> None:
        for name, text in texts.items():
            sheet.cell(2, REPORT_FIELDS.index(name) + 1).value = text
        sheet.cell(3, REPORT_FIELDS.index("stage") + 1).value = SQL

    rows = read_report_workbook(edited(template, fill), month=MONTH).rows
    result = submit_reports(session, actor=world["fp_sef"], month=MONTH, rows=rows, channel="excel", now=OPEN)
    session.commit()
    assert [(r.measure, r.key) for r in result.rejected] == [(rows[1]["measure"], "unknown_stage")]
    stored = session.scalars(
        select(StatusRevision).where(StatusRevision.measure_code == rows[0]["measure"])
    ).one()
    assert {name: getattr(stored, name) for name in TEXT_FIELDS} == texts
    assert session.scalar(select(func.count()).select_from(StatusRevision)) >= 1


# ---- properties --------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=10),
    st.sampled_from(["\x00", "\ud800", SQL, "=cmd|' /C calc'!A0", "../../etc/passwd", "2020-13-45", "1e999"]),
    st.integers(min_value=0, max_value=300_000).map(lambda n: "x" * n),
    st.dates().map(str),
    st.binary(max_size=20),
)
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
VALID_DOCUMENT = json.loads(json.dumps(plan_document(make_plan(measures=3)), default=str))


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


PATHS = _paths(VALID_DOCUMENT)


@st.composite
def damaged_documents(draw) -> object:
    """The valid plan with one to three places replaced by junk (or dropped, or added to)."""
    document = json.loads(json.dumps(VALID_DOCUMENT))
    for path in draw(st.lists(st.sampled_from(PATHS[1:]), min_size=1, max_size=3)):
        parent = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(JUNK)
        except (KeyError, IndexError, TypeError):
            continue
    return document


@PROPERTY
@given(document=st.one_of(JUNK, damaged_documents(), st.dictionaries(st.text(max_size=10), JUNK, max_size=6)))
def test_any_document_either_is_a_plan_or_is_refused_with_problems(document):
    TRIED["property_plan_document"] += 1
    try:
        validate_document(document, file="random.yaml")
    except PlanInvalid as error:
        assert_plan_refusal(error)


CODES = ["M001", "M002", "M003", "M005", "M006", "", SQL]
ROWS = st.one_of(
    JUNK,
    st.fixed_dictionaries(
        {"measure": st.one_of(st.sampled_from(CODES), SCALARS)},
        optional={
            "stage": st.one_of(
                st.sampled_from(["in_progress", "completed", "Concluída", "not_started"]), SCALARS
            ),
            "pace": st.one_of(st.sampled_from(["on_track", "delayed", "-"]), SCALARS),
            "percent": st.one_of(st.integers(min_value=-5, max_value=105), SCALARS),
            "evidence": st.one_of(st.sampled_from(["https://e.example/x", "http://[::1", ""]), JUNK),
            "indicators": st.one_of(
                st.dictionaries(st.sampled_from(["I001", "I003", "I999"]), SCALARS), JUNK
            ),
            "based_on": SCALARS,
            **dict.fromkeys(TEXT_FIELDS, SCALARS),
        },
    ),
)


@PROPERTY
@given(rows=st.lists(ROWS, max_size=4), who=st.sampled_from(["fp_sef", "secretariat"]))
def test_any_rows_are_judged_row_by_row_and_only_accepted_rows_are_written(session, world, rows, who):
    TRIED["property_report_rows"] += 1
    before = row_counts(session)
    try:
        result = submit_reports(session, actor=world[who], month=MONTH, rows=rows, now=OPEN)
        after = row_counts(session)
        assert after["status_revision"] - before["status_revision"] == len(result.saved)
        assert len(result.saved) + len(result.unchanged) + len(result.rejected) == len(rows)
        assert all(f"error.{r.key}" in CATALOGUE for r in result.rejected)
    finally:
        session.rollback()
    assert row_counts(session) == before


@pytest.fixture
def template_once(session, world) -> bytes:
    return report_template(session, actor=world["fp_sef"], month=MONTH, today=TODAY)


@st.composite
def damaged_uploads(draw, template: bytes) -> bytes:
    """The real template with bytes flipped, cut short, or one member replaced by junk."""
    how = draw(st.sampled_from(["flip", "cut", "member", "random"]))
    if how == "flip":
        data = bytearray(template)
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            data[draw(st.integers(min_value=0, max_value=len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if how == "cut":
        return template[: draw(st.integers(min_value=0, max_value=len(template)))]
    if how == "member":
        with __import__("zipfile").ZipFile(io.BytesIO(template)) as archive:
            name = draw(st.sampled_from(archive.namelist()))
        junk = draw(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
        original = corpus.member(template, name)
        position = draw(st.integers(min_value=0, max_value=len(original)))
        return corpus.rezip(template, replace={name: original[:position] + junk + original[position:]})
    return b"PK\x03\x04" + draw(st.binary(max_size=500))


@PROPERTY
@given(data=st.data())
def test_any_upload_bytes_are_read_or_refused_with_a_catalogued_reason(template_once, data):
    TRIED["property_upload_bytes"] += 1
    upload = data.draw(st.one_of(st.binary(max_size=300), damaged_uploads(template_once)))
    try:
        read_report_workbook(upload, month=MONTH)
    except ReportRejected as refusal:
        assert has_message(refusal)


# ---- properties of strict plan files -------------------------------------------------------

VALID_YAML = plan_yaml(make_plan(measures=3))
# Lines holding a key and its value on the same line; the key's column is where a twin goes.
KEYED_LINES = [
    (number, match.start("key"), match.group("key"))
    for number, line in enumerate(VALID_YAML.splitlines())
    if (match := re.match(r"^(?P<lead>\s*(- )?)(?P<key>[a-z_]+): \S", line))
]
CONTROL = st.sampled_from([chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127]])
TEXT_LIMITS = [
    (("plan", "title", "pt"), TITLE_LIMIT), (("plan", "legal_basis"), NOTE_LIMIT),
    (("plan", "provenance"), DESCRIPTION_LIMIT), (("bodies", 2, "name", "en"), TITLE_LIMIT),
    (("axes", 1, "title", "pt"), TITLE_LIMIT), (("objectives", 0, "title", "en"), TITLE_LIMIT),
    (("measures", 1, "title", "pt"), TITLE_LIMIT), (("measures", 0, "description", "en"), DESCRIPTION_LIMIT),
    (("measures", 2, "source"), NOTE_LIMIT), (("measures", 0, "indicators", 0, "name", "pt"), TITLE_LIMIT),
    (("measures", 0, "indicators", 0, "unit"), UNIT_LIMIT),
]  # fmt: skip


def refused_upload(session, world, data: bytes, name: str) -> PlanInvalid:
    """The plan page's path, refused: timed, nothing written, every problem catalogued."""
    before, start = row_counts(session), time.perf_counter()
    with pytest.raises(PlanInvalid) as refused:
        load_plan_upload(session, world["secretariat"], data, name=name)
    assert time.perf_counter() - start < BOUND
    assert row_counts(session) == before
    assert_plan_refusal(refused.value)
    return refused.value


@settings(PROPERTY, max_examples=60)
@given(where=st.sampled_from(KEYED_LINES), value=st.text(alphabet="abcXYZ019 ", min_size=1, max_size=12))
def test_any_key_written_twice_is_refused_naming_both_lines(session, world, where, value):
    TRIED["property_plan_duplicate_key"] += 1
    number, column, key = where
    lines = VALID_YAML.splitlines()
    lines.insert(number + 1, " " * column + f"{key}: '{value}'")
    error = refused_upload(session, world, ("\n".join(lines) + "\n").encode(), "plan.yaml")
    found = [p.params for p in error.problems if p.key == "duplicate_key"]
    assert {"value": key, "first": number + 1, "second": number + 2} in found


@settings(PROPERTY, max_examples=60)
@given(position=st.integers(min_value=0, max_value=len(VALID_YAML)), character=CONTROL)
def test_a_control_character_anywhere_is_refused_at_its_line_and_column(session, world, position, character):
    TRIED["property_plan_control_character"] += 1
    text = VALID_YAML[:position] + character + VALID_YAML[position:]
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    error = refused_upload(session, world, text.encode(), "plan.yaml")
    assert error.problems[0].key == "control_character"
    assert error.problems[0].params == {"value": f"U+{ord(character):04X}", "line": line, "column": column}


@settings(PROPERTY, max_examples=60)
@given(where=st.sampled_from(TEXT_LIMITS), extra=st.integers(min_value=1, max_value=50_000))
def test_a_text_over_its_limit_is_refused_with_its_limit(session, world, where, extra):
    TRIED["property_plan_text_limit"] += 1
    path, limit = where
    document = json.loads(json.dumps(VALID_DOCUMENT))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = "é" * (limit + extra)
    error = refused_upload(session, world, json.dumps(document).encode(), "plan.json")
    assert [(p.key, p.params) for p in error.problems] == [
        ("text_over_limit", {"length": limit + extra, "limit": limit})
    ]
    parent[path[-1]] = "é" * limit  # at the limit it is a plan
    validate_document(document, file="plan.json")


# Rows and cells anywhere: sparse (few rows with gaps), far (row numbers past Excel's 1,048,576, up
# to numbers no sheet has), wide (columns to XFD and beyond), many (runs of empty rows), in or out of
# order, with the sheet's <dimension> kept, dropped or lying.
ROW_NUMBERS = st.one_of(
    st.integers(min_value=1, max_value=3_000),
    st.integers(min_value=3_000, max_value=2**40),
    st.sampled_from([1_048_576, 1_048_577, 5_000_000, 20_000_000, 10**13]),
    st.none(),
)
COLUMN_NUMBERS = st.one_of(
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=30, max_value=20_000),
    st.sampled_from([16_384, 16_385, 26**6]),
    st.none(),
)
CELLS = st.lists(st.tuples(COLUMN_NUMBERS, st.text(alphabet="aZ 0=<&'", max_size=12)), max_size=5)
SHEET_ROWS = st.lists(st.tuples(ROW_NUMBERS, CELLS), max_size=12)


@st.composite
def crafted_rows(draw, first: int) -> str:
    """Rows to add after a sheet's last row (`first` is the next free number)."""
    rows = draw(SHEET_ROWS)
    empty = draw(st.integers(min_value=0, max_value=2_500))
    start = draw(st.sampled_from([first, first + 1_000, 1]))
    runs = [(start + n, []) for n in range(empty)]
    wide = draw(st.booleans())
    if wide:  # one row with very many cells, from column A on
        rows.append((first + empty + 5, [(n, "w") for n in range(1, draw(st.integers(20, 3_000)))]))
    return corpus.rows_xml(runs + rows)


DIMENSIONS = st.sampled_from(["keep", "drop", "A1:C3"])


@pytest.fixture(scope="module")
def plan_workbook_once() -> bytes:
    return corpus.plan_workbook()


@PROPERTY
@given(data=st.data(), dimension=DIMENSIONS)
def test_any_rows_and_columns_in_an_upload_are_read_or_refused_within_the_cpu_bound(
    template_once, data, dimension
):
    TRIED["property_upload_rows"] += 1
    part = "xl/worksheets/sheet2.xml"
    rows = data.draw(crafted_rows(corpus.last_row(template_once, part) + 1))
    upload = corpus.with_rows(template_once, part, rows, dimension=dimension)
    outcome, seconds = cpu_seconds(lambda: read_report_workbook(upload, month=MONTH))
    if isinstance(outcome, ReportRejected):
        assert has_message(outcome)
    else:
        assert len(outcome.rows) <= MAX_ROWS
    assert seconds < CPU_BOUND


@PROPERTY
@given(data=st.data(), dimension=DIMENSIONS)
def test_any_rows_and_columns_in_a_plan_workbook_are_read_or_refused_within_the_cpu_bound(
    plan_workbook_once, data, dimension
):
    TRIED["property_plan_rows"] += 1
    part = "xl/worksheets/sheet5.xml"
    rows = data.draw(crafted_rows(corpus.last_row(plan_workbook_once, part) + 1))
    workbook = corpus.with_rows(plan_workbook_once, part, rows, dimension=dimension)
    outcome, seconds = cpu_seconds(lambda: read_plan_bytes(workbook, name="plan.xlsx"))
    if isinstance(outcome, PlanInvalid):
        assert_plan_refusal(outcome)
    assert seconds < CPU_BOUND

"""The public balance report: the workbook and the open-data ZIP say what the progress
functions say, charts read their own tables, text never runs, bad requests write nothing.

History (plan make_plan(6, continuous=2); M003's deadline is 31 Dec 2020, M005/M006 continuous):
2020-01 M001 and M002 in progress, M005 in progress; 2020-03 M001 completed (a malicious
narrative), M003 in progress (another); 2021-01 M002 completed. A report on M004 for 2021-01
arrives after that month closed, so it does not count as of 2021-01.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from monitoring.cli import main
from monitoring.export import (
    COLUMNS,
    OPEN_DATA_FILES,
    OPEN_DATA_WORKBOOK,
    TABLE_ROW,
    balance_tables,
    balance_workbook,
    open_data_zip,
    published_columns,
    sheet_title,
    workbook_bytes,
)
from monitoring.i18n import translate
from monitoring.palette import STAGE_COLOURS
from monitoring.plan_store import load_plan
from monitoring.progress import (
    Basis,
    indicator_series,
    indicator_status,
    live_snapshot,
    progress_by,
    stage_changes,
    stage_counts,
)
from monitoring.reporting import submit_reports, validate_month
from monitoring.rules import ReportRejected
from monitoring.settings import get_settings
from monitoring.tables import StatusRevision
from tests.factories import make_plan

AS_OF = "2021-01"
EVIL = '=HYPERLINK("http://evil","x")'
EVIL_TOO = "@SUM(1)"
EVIL_PLUS = "+1+2"


def at(year: int, month: int, day: int = 5) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def submit(session, actor, month: str, now: dt.datetime, *rows: dict) -> None:
    result = submit_reports(session, actor=actor, month=month, rows=list(rows), now=now)
    assert result.ok, result.rejected
    session.commit()


@pytest.fixture
def history(session, world):
    secretariat = world["secretariat"]
    submit(session, secretariat, "2020-01", at(2020, 2),
           {"measure": "M001", "stage": "in_progress", "done": "Work began", "indicators": {"I001": 40}},
           {"measure": "M002", "stage": "in_progress"},
           {"measure": "M005", "stage": "in_progress", "pace": "on_track"})  # fmt: skip
    submit(session, world["fp_sef"], "2020-03", at(2020, 4),
           {"measure": "M001", "stage": "completed", "done": EVIL},
           {"measure": "M003", "stage": "in_progress", "done": EVIL_TOO, "indicators": {"I003": 50}})  # fmt: skip
    submit(session, secretariat, "2021-01", at(2021, 2),
           {"measure": "M002", "stage": "completed", "done": EVIL_PLUS})  # fmt: skip
    submit(session, secretariat, "2021-01", at(2021, 3, 1), {"measure": "M004", "stage": "in_progress"})
    # Narratives are published from validated months only: these two months are validated.
    validate_month(session, actor=world["validator_sef"], month="2020-03", body="SEF", now=at(2020, 4, 7))
    validate_month(session, actor=secretariat, month="2021-01", body="MTSSS", now=at(2021, 3, 2))
    session.commit()
    return world


@pytest.fixture
def plan():
    return make_plan(measures=6, continuous=2)


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def table(data: bytes, sheet: str) -> pd.DataFrame:
    return pd.read_excel(io.BytesIO(data), sheet_name=sheet, header=TABLE_ROW - 1)


def label(key: str, language: str = "pt") -> str:
    return translate(key, language)


def progress(session, plan, as_of: str = AS_OF):
    return live_snapshot(session, plan, as_of=as_of)


def cells(book, reference: str) -> list:
    """The values a chart reference such as 'Resumo'!$B$5:$B$8 points at."""
    sheet, where = reference.rsplit("!", 1)
    rows = book[sheet.strip("'")][where.replace("$", "")]
    rows = rows if isinstance(rows, tuple) else ((rows,),)
    return [c.value for row in rows for c in (row if isinstance(row, tuple) else (row,))]


# ---- the sheets -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["pt", "en"])
def test_every_sheet_is_there_with_a_name_excel_accepts(session, history, language):
    names = workbook(balance_workbook(session, as_of=AS_OF, language=language)).sheetnames
    expected = [label(f"balance.sheet.{n}", language) for n in
                ("cover", "summary", "by_objective", "by_body", "measures", "indicators")]  # fmt: skip
    assert names[:6] == expected
    assert names[6] == translate(
        "balance.sheet.changes", language, since={"pt": "jan. 2020", "en": "Jan 2020"}[language]
    )
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


@pytest.mark.parametrize(
    ("text", "title"),
    [("Alterações desde 2019-09", "Alterações desde 2019-09"), ("a/b:c*d?[e]\\f", "a_b_c_d__e__f"),
     ("x" * 40, "x" * 31), ("'quoted'", "quoted")],
)  # fmt: skip
def test_sheet_titles_are_valid_in_excel(text, title):
    assert sheet_title(text) == title


def test_document_properties_name_the_report(session, history):
    properties = workbook(balance_workbook(session, as_of=AS_OF, language="en")).properties
    assert properties.title == "Implementation balance — TEST"
    assert "Jan 2021" in properties.subject and properties.created is not None


def test_cover_states_the_source_and_the_method(session, history):
    book = workbook(balance_workbook(session, as_of=AS_OF, language="en"))
    text = " ".join(str(c) for row in book["Cover"].iter_rows(values_only=True) for c in row if c)
    assert "Test basis" in text and "version 1" in text and "Jan 2021" in text and "21 Aug 2019" in text
    assert "never overdue" in text and "day 10 of the next month" in text
    assert "reconstruction" not in text


def test_cover_warns_when_the_plan_is_a_reconstruction(session, history, plan):
    rebuilt = plan.model_copy(update={"plan": plan.plan.model_copy(update={"reconstruction": True})})
    load_plan(session, rebuilt)
    session.commit()
    book = workbook(balance_workbook(session, as_of=AS_OF, language="en"))
    text = " ".join(str(c) for row in book["Cover"].iter_rows(values_only=True) for c in row if c)
    assert label("balance.cover.reconstruction", "en") in text and "version 2" in text


# ---- the numbers equal the progress functions -------------------------------------------


def test_summary_counts_equal_stage_counts(session, history, plan):
    counts = stage_counts(progress(session, plan))
    assert (counts["completed"], counts["in_progress"], counts["not_started"]) == (2, 1, 1)  # M004 too late
    sheet = workbook(balance_workbook(session, as_of=AS_OF))["Resumo"]
    shown = {sheet.cell(r, 1).value: (sheet.cell(r, 2).value, sheet.cell(r, 3).value) for r in range(5, 17)}
    for stage in ("not_started", "in_progress", "completed"):
        assert shown[label(f"stage.{stage}")] == (counts[stage], pytest.approx(counts[stage] / 4))
    assert shown[label("balance.col.continuous")][0] == counts["continuous"] == 2
    for flag in ("overdue", "stalled", "regressed", "missing", "total", "continuous_running"):
        assert shown[label(f"balance.row.{flag}")][0] == counts[flag]


def test_summary_by_axis_equals_progress_by_axis(session, history, plan):
    expected = progress_by(progress(session, plan), plan, "axis")
    sheet = workbook(balance_workbook(session, as_of=AS_OF))["Resumo"]
    header = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label("balance.col.axis")
    )
    shown = pd.read_excel(io.BytesIO(balance_workbook(session, as_of=AS_OF)), sheet_name="Resumo",
                          header=header - 1, nrows=len(expected))  # fmt: skip
    assert shown[label("balance.col.axis")].tolist() == expected["axis"].tolist()
    for field in ("not_started", "in_progress", "completed", "continuous", "overdue", "total"):
        assert shown[label(f"balance.col.{field}")].tolist() == expected[field].tolist()
    assert shown[label("balance.col.completion_rate")].tolist() == expected["completion_rate"].tolist()


@pytest.mark.parametrize(("sheet", "by"), [("Por objetivo", "objective"), ("Por entidade", "lead_body")])
def test_group_sheets_equal_progress_by(session, history, plan, sheet, by):
    expected = progress_by(progress(session, plan), plan, by)
    shown = table(balance_workbook(session, as_of=AS_OF), sheet)
    assert shown.iloc[:, 0].tolist() == expected[by].tolist()
    for field in ("not_started", "in_progress", "completed", "continuous", "overdue", "total"):
        assert shown[label(f"balance.col.{field}")].tolist() == expected[field].tolist()
    rates = shown[label("balance.col.completion_rate")].tolist()
    assert rates == pytest.approx(expected["completion_rate"].tolist(), nan_ok=True)


def test_measures_sheet_equals_the_snapshot(session, history, plan):
    state = progress(session, plan).measures.set_index("measure")
    shown = table(balance_workbook(session, as_of=AS_OF, language="en"), "Measures").set_index("Code")
    assert shown.index.tolist() == [m.code for m in plan.measures]
    assert shown["Stage"].tolist() == [label(f"stage.{s}", "en") for s in state["stage"]]
    assert shown["Overdue"].tolist() == ["Yes" if o else "No" for o in state["overdue"]]
    last_change = shown["Month of last change of stage"].map(lambda d: "" if pd.isna(d) else f"{d:%Y-%m}")
    assert last_change.tolist() == state["last_change"].fillna("").tolist()
    assert shown.loc["M003", "Overdue"] == "Yes" and shown.loc["M004", "Stage"] == "Not started"
    assert shown.loc["M001", "GCM objective (no.)"] == 1 and shown.loc["M002", "Axis"] == "E2"
    assert shown.loc["M001", "Latest validated narrative (what was done)"] == EVIL
    assert shown.loc["M001", "Lead body"] == "Home Affairs"
    assert shown.loc["M001", "Co-responsible bodies"] == "Immigration and Borders Service"


def test_stage_cells_wear_the_palette(session, history):
    sheet = workbook(balance_workbook(session, as_of=AS_OF))["Medidas"]
    column = 1 + [c.field for c in COLUMNS["measures"]].index("stage")
    fills = {sheet.cell(TABLE_ROW + n, 1).value: sheet.cell(TABLE_ROW + n, column).fill.fgColor.rgb[-6:]
             for n in range(1, 7)}  # fmt: skip
    assert fills["M001"] == STAGE_COLOURS["completed"].lstrip("#")
    assert fills["M003"] == STAGE_COLOURS["in_progress"].lstrip("#")
    assert fills["M004"] == STAGE_COLOURS["not_started"].lstrip("#")
    assert fills["M005"] == STAGE_COLOURS["continuous"].lstrip("#")


def test_measures_sheet_is_frozen_filtered_and_wrapped(session, history):
    sheet = workbook(balance_workbook(session, as_of=AS_OF))["Medidas"]
    assert sheet.freeze_panes == f"B{TABLE_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{TABLE_ROW}:N{TABLE_ROW + 6}"  # 14 columns
    title = 1 + [c.field for c in COLUMNS["measures"]].index("title")
    assert sheet.cell(TABLE_ROW + 1, title).alignment.wrap_text
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJKLMN")


def test_deadlines_are_real_dates_and_numbers_are_numbers(session, history):
    sheet = workbook(balance_workbook(session, as_of=AS_OF))["Medidas"]
    deadline = 1 + [c.field for c in COLUMNS["measures"]].index("deadline")
    first = sheet.cell(TABLE_ROW + 1, deadline)
    assert first.value == dt.datetime(2021, 12, 31) and first.number_format == "[$-816]dd\\/mm\\/yyyy"
    assert first.is_date
    assert sheet.cell(TABLE_ROW + 5, deadline).value is None  # M005 is continuous
    assert isinstance(sheet.cell(TABLE_ROW + 1, 3).value, int)  # the GCM objective number


def test_indicators_sheet_equals_indicator_status(session, history, plan):
    expected = indicator_status(plan, indicator_series(session, plan, as_of=AS_OF), as_of=AS_OF)
    shown = table(balance_workbook(session, as_of=AS_OF, language="en"), "Indicators").set_index("Indicator")
    row = expected.set_index("indicator").loc["I001"]
    assert shown.loc["I001", "Latest value"] == row["latest"] == 40
    assert shown.loc["I001", "% of target"] == pytest.approx(row["percent_of_target"] / 100)
    assert shown.loc["I001", "Status"] == label(f"balance.status.{row['status']}", "en")
    assert pd.isna(shown.loc["I002", "Latest value"]) and shown.loc["I002", "Status"] == "Not enough data"


def test_changes_sheet_lists_stage_changes_since(session, history, plan):
    expected = stage_changes(progress(session, plan, "2020-02"), progress(session, plan, AS_OF))
    book = balance_workbook(session, as_of=AS_OF, since="2020-02", language="en")
    shown = table(book, "Changes since Feb 2020")
    assert shown["Measure"].tolist() == expected["measure"].tolist() == ["M001", "M002", "M003"]
    assert shown["Stage now"].tolist() == [label(f"stage.{s}", "en") for s in expected["after"]]


def test_changes_default_to_twelve_months_back(session, history):
    names = workbook(balance_workbook(session, as_of=AS_OF)).sheetnames
    assert names[-1] == "Alterações desde jan. 2020"


# ---- charts -----------------------------------------------------------------------------


def test_summary_charts_read_the_summary_tables(session, history, plan):
    book = workbook(balance_workbook(session, as_of=AS_OF))
    doughnut, bars = book["Resumo"]._charts
    counts = stage_counts(progress(session, plan))
    [overall] = doughnut.series
    assert cells(book, overall.val.numRef.f) == [counts[s] for s in ("not_started", "in_progress", "completed",
                                                                     "continuous")]  # fmt: skip
    assert cells(book, overall.cat.strRef.f) == [label(f"stage.{s}") for s in
                                                 ("not_started", "in_progress", "completed")] + ["Contínuas"]  # fmt: skip
    by_axis = progress_by(progress(session, plan), plan, "axis")
    assert bars.grouping == "stacked" and len(bars.series) == 4
    for series, field in zip(
        bars.series, ("not_started", "in_progress", "completed", "continuous"), strict=True
    ):
        assert cells(book, series.val.numRef.f) == by_axis[field].tolist()
        assert cells(book, series.tx.strRef.f) == [label(f"balance.col.{field}")]
        assert cells(book, series.cat.strRef.f) == by_axis["axis"].tolist()


@pytest.mark.parametrize(("sheet", "by"), [("Por objetivo", "objective"), ("Por entidade", "lead_body")])
def test_group_charts_read_their_sheet(session, history, plan, sheet, by):
    book = workbook(balance_workbook(session, as_of=AS_OF))
    [chart] = book[sheet]._charts
    expected = progress_by(progress(session, plan), plan, by)
    assert cells(book, chart.series[2].val.numRef.f) == expected["completed"].tolist()
    assert cells(book, chart.series[0].cat.strRef.f) == expected[by].tolist()


# ---- safe by construction ---------------------------------------------------------------


def test_no_cell_holds_a_formula_and_malicious_text_stays_text(session, history):
    # With later corrections: MTSSS's January was validated after its close, so only then does
    # every narrative of the history reach the workbook.
    book = workbook(workbook_bytes(balance_tables(session, as_of=AS_OF, basis=Basis.CORRECTED)))
    every = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in every if c.data_type == "f"]
    risky = {c.value: c for c in every if c.value in (EVIL, EVIL_TOO, EVIL_PLUS)}
    assert set(risky) == {EVIL, EVIL_TOO, EVIL_PLUS}  # stored exactly, nothing added
    assert all(c.data_type == "s" and c.quotePrefix for c in risky.values())


def test_control_characters_do_not_break_the_export(session, history):
    session.execute(update(StatusRevision).where(StatusRevision.measure_code == "M003").values(done="a\x01b"))
    session.commit()
    shown = table(balance_workbook(session, as_of=AS_OF, language="en"), "Measures").set_index("Code")
    assert shown.loc["M003", "Latest validated narrative (what was done)"] == "ab"


# ---- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "key"),
    [
        ({"as_of": "2019-07"}, "month_before_plan"),
        ({"as_of": "2999-01"}, "month_in_future"),
        ({"as_of": "2021-13"}, "invalid_month"),
        ({"as_of": AS_OF, "language": "fr"}, "unknown_language"),
        ({"as_of": AS_OF, "since": "2021-01"}, "since_not_before_as_of"),
        ({"as_of": AS_OF, "since": "2019-01"}, "month_before_plan"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(session, history, tmp_path, arguments, key):
    out = tmp_path / "out" / "balance.xlsx"
    out.parent.mkdir()
    with pytest.raises(ReportRejected) as refusal:
        balance_workbook(session, out=out, **arguments)
    assert refusal.value.key == key
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("where", ["missing/balance.xlsx", "a_folder"])
def test_an_output_that_cannot_be_written_is_refused_with_nothing_left(session, history, tmp_path, where):
    (tmp_path / "a_folder").mkdir()
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(ReportRejected) as refusal:
        balance_workbook(session, as_of=AS_OF, out=tmp_path / where)
    assert refusal.value.key == "cannot_write_file"
    assert sorted(tmp_path.rglob("*")) == before


def test_the_written_file_is_the_returned_bytes(session, history, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "balance.xlsx"
    data = balance_workbook(session, as_of=AS_OF, out=out)
    assert out.read_bytes() == data and [p.name for p in out.parent.iterdir()] == ["balance.xlsx"]


def test_a_plan_with_no_report_yet_gives_a_report_of_zeros(session, world):
    shown = table(balance_workbook(session, as_of=AS_OF, language="en"), "Measures")
    assert set(shown["Stage"]) == {"Not started"}


# ---- open data --------------------------------------------------------------------------


@pytest.mark.parametrize("narratives", ["none", "validated"])
def test_open_data_zip_has_the_documented_files(session, history, monkeypatch, narratives):
    monkeypatch.setenv("MONITORING_NARRATIVES_IN_OPEN_DATA", narratives)
    get_settings.cache_clear()
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip(session, as_of=AS_OF, language="en")))
    assert sorted(archive.namelist()) == sorted(
        [f"{n}.csv" for n in OPEN_DATA_FILES] + ["README.txt", OPEN_DATA_WORKBOOK]
    )
    readme = archive.read("README.txt").decode("utf-8")
    for name in OPEN_DATA_FILES:
        frame = pd.read_csv(archive.open(f"{name}.csv"), encoding="utf-8")
        assert frame.columns.tolist() == [c.field for c in published_columns(name, "open_data")]
        assert f"{name}.csv" in readme and all(f"  {c}:" in readme for c in frame.columns)
    published = "last_narrative" in pd.read_csv(archive.open("measures.csv")).columns
    assert published == (narratives == "validated")
    assert ("not part of the open data" in readme) == (narratives == "none")


def test_open_data_equals_the_workbook_numbers(session, history, plan):
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip(session, as_of=AS_OF, language="pt")))
    measures = pd.read_csv(archive.open("measures.csv")).set_index("code")
    state = progress(session, plan).measures.set_index("measure")
    assert measures["stage"].tolist() == state["stage"].tolist()
    assert measures.loc["M001", "deadline"] == "2021-12-31"
    by_body = pd.read_csv(archive.open("by_body.csv"))
    assert (
        by_body["completed"].tolist()
        == progress_by(progress(session, plan), plan, "lead_body")["completed"].tolist()
    )


def test_open_data_neutralises_risky_text_with_a_quote(session, history, monkeypatch):
    monkeypatch.setenv("MONITORING_NARRATIVES_IN_OPEN_DATA", "validated")
    get_settings.cache_clear()
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip(session, as_of=AS_OF, language="pt")))
    narratives = pd.read_csv(archive.open("measures.csv")).set_index("code")["last_narrative"]
    assert narratives["M001"] == "'" + EVIL and narratives["M003"] == "'" + EVIL_TOO


def test_open_data_csvs_open_well_in_excel(session, history):
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip(session, as_of=AS_OF, language="pt")))
    for name in OPEN_DATA_FILES:
        raw = archive.read(f"{name}.csv")
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads Portuguese text right only with the BOM
        assert not re.search(rb"(^|,)-?\d+\.0(,|\n)", raw, re.M), name  # whole numbers are whole
    indicators = archive.read("indicators.csv").decode("utf-8-sig")
    first = indicators.splitlines()[1].split(",")
    assert first[:8] == ["M001", "I001", "Indicator 1 (pt)", "pessoas", "0", "100", "40", "2020-01"]
    measures = archive.read("measures.csv").decode("utf-8-sig").splitlines()
    assert measures[0].startswith("code,axis,gcm_number,title,")  # comma-separated, as the README says
    readme = archive.read("README.txt").decode("utf-8")
    assert "separados por vírgulas (,)" in readme and "BOM" in readme and OPEN_DATA_WORKBOOK in readme


def test_open_data_holds_the_same_tables_as_a_workbook(session, history, monkeypatch):
    monkeypatch.setenv("MONITORING_NARRATIVES_IN_OPEN_DATA", "validated")  # with its narratives
    get_settings.cache_clear()
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip(session, as_of=AS_OF, language="en")))
    book = load_workbook(io.BytesIO(archive.read(OPEN_DATA_WORKBOOK)))
    assert book.sheetnames == list(OPEN_DATA_FILES)
    for name in OPEN_DATA_FILES:
        from_csv = pd.read_csv(
            archive.open(f"{name}.csv"), encoding="utf-8-sig", dtype=str, keep_default_na=False
        )
        from_book = pd.read_excel(io.BytesIO(archive.read(OPEN_DATA_WORKBOOK)), sheet_name=name, dtype=str,
                                  keep_default_na=False)  # fmt: skip
        assert from_book.columns.tolist() == from_csv.columns.tolist()
        assert len(from_book) == len(from_csv)
    every = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in every if c.data_type == "f"]  # a narrative "=..." stays text
    assert EVIL in [c.value for c in every]


# ---- the command line -------------------------------------------------------------------


def test_cli_writes_the_workbook_and_the_open_data(session, history, tmp_path, capsys):
    out, data = tmp_path / "balance.xlsx", tmp_path / "balance.zip"
    argv = ["export-balance", "--as-of", AS_OF, "--lang", "en", "--out", str(out), "--since", "2020-06",
            "--open-data", str(data)]  # fmt: skip
    assert main(argv) == 0
    assert workbook(out.read_bytes()).sheetnames[-1] == "Changes since Jun 2020"
    assert "README.txt" in zipfile.ZipFile(data).namelist()
    assert str(out) in capsys.readouterr().out


def test_cli_refuses_a_future_month_and_writes_nothing(session, history, tmp_path, capsys):
    (tmp_path / "out").mkdir()
    assert main(["export-balance", "--as-of", "2999-01", "--out", str(tmp_path / "out" / "b.xlsx")]) == 1
    assert "has not started yet" in capsys.readouterr().err and list((tmp_path / "out").iterdir()) == []


# ---- Portuguese formats on the public page ------------------------------------------------


def test_public_tables_write_numbers_months_and_units_as_people_read_them(session, history):
    from monitoring.export import balance_tables, public_tables

    for language, rate, unit in (("pt", "50%", "pessoas"), ("en", "50%", "people")):
        tables = public_tables(balance_tables(session, as_of=AS_OF, language=language))
        by_axis = tables["by_objective"]
        assert rate in by_axis[translate("balance.col.completion_rate", language)].tolist()
        indicators = tables["indicators"].set_index(translate("balance.col.indicator", language))
        assert indicators.loc["I001", translate("balance.col.unit", language)] == unit
        month = {"pt": "jan. 2020", "en": "Jan 2020"}[language]
        assert indicators.loc["I001", translate("balance.col.latest_month", language)] == month
        every = " ".join(str(v) for t in tables.values() for v in t.to_numpy().ravel())
        assert not re.search(r"\d\.0\b|\b20\d\d-\d\d\b", every)  # no 3.0, no 2020-01

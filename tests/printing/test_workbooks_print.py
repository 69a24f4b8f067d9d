"""The workbooks as LibreOffice prints and saves them: page budgets for the PNIPGM balance (cover 1
page, summary at most 2, the whole workbook at most 20 A4 pages), every chart on its page, and the
plan workbook and a filled report template loaded back after LibreOffice saved them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from monitoring.auth import Role, actor_for, create_user
from monitoring.db import engine_for
from monitoring.export import balance_tables, workbook_bytes
from monitoring.i18n import translate
from monitoring.report_workbook import read_report_workbook, report_template
from monitoring.rules import ReportRejected
from plan.errors import PlanInvalid
from plan.io import read_plan_bytes
from plan.workbook import write_plan_workbook
from tests.printing.conftest import AS_OF, TODAY, footer, footer_sheet, page_count, pdf_pages

pytestmark = pytest.mark.office
BUDGETS = {"cover": 1, "summary": 2}
TOTAL_BUDGET = 20
CHARTS = {"summary": ("overall", "by_axis"), "by_objective": ("by_objective",), "by_body": ("by_body",)}


@pytest.fixture(scope="module", params=["pt", "en"])
def balance_pdf(request, pnipgm_url, office, tmp_path_factory):
    language = request.param
    with Session(engine_for(pnipgm_url)) as session:
        balance = balance_tables(session, as_of=AS_OF, language=language, today=TODAY)
    folder = tmp_path_factory.mktemp(f"balance-{language}")
    workbook = folder / f"balance-{language}.xlsx"
    workbook.write_bytes(workbook_bytes(balance))
    return language, workbook, office.convert(workbook, "pdf", folder / "pdf")


def sheet_names(workbook, language: str) -> dict[str, str]:
    names = load_workbook(workbook).sheetnames
    keys = ("cover", "summary", "by_objective", "by_body", "measures", "indicators", "changes")
    return dict(zip(keys, names, strict=True))


def test_the_pnipgm_balance_prints_within_its_page_budget(balance_pdf):
    language, workbook, pdf = balance_pdf
    names = sheet_names(workbook, language)
    pages = pdf_pages(pdf)
    owners = [footer_sheet(page, list(names.values())) for page in pages]
    assert None not in owners, "every printed page names its sheet in the footer"
    count = {key: owners.count(name) for key, name in names.items()}
    assert all(count[key] >= 1 for key in names), count
    assert count["cover"] <= BUDGETS["cover"] and count["summary"] <= BUDGETS["summary"], count
    assert page_count(pdf) == len(pages) <= TOTAL_BUDGET, count


def test_every_page_footer_names_the_plan_the_month_and_the_page(balance_pdf):
    language, _, pdf = balance_pdf
    pages = pdf_pages(pdf)
    month = {"pt": "out. 2026", "en": "Oct 2026"}[language]
    for number, page in enumerate(pages, start=1):
        line = footer(page)
        assert "PNIPGM" in page and month in page  # a chart's text may share the footer's printed line
        assert (
            translate("balance.footer.page", language)
            .replace("&P", str(number))
            .replace("&N", str(len(pages)))
            in line
        )


def test_every_chart_is_printed_on_its_sheet(balance_pdf):
    language, workbook, pdf = balance_pdf
    names = sheet_names(workbook, language)
    book = load_workbook(workbook)
    text_by_sheet: dict[str, str] = {}
    for page in pdf_pages(pdf):
        owner = footer_sheet(page, list(names.values()))
        text_by_sheet[owner] = text_by_sheet.get(owner, "") + page
    axis_title = translate("balance.chart.measures", language)  # printed by each bar chart only
    for key, charts in CHARTS.items():
        assert len(book[names[key]]._charts) == len(charts)
        printed = " ".join(text_by_sheet[names[key]].split())
        for chart in charts:  # a long title may wrap, so word by word
            assert all(word in printed for word in translate(f"balance.chart.{chart}", language).split())
        assert printed.count(axis_title) == len([c for c in charts if c != "overall"])


def test_the_cover_reads_as_a_cover_on_one_page(balance_pdf):
    language, workbook, pdf = balance_pdf
    cover = pdf_pages(pdf)[0]
    assert translate("balance.title", language) in cover
    assert (
        translate("balance.cover.method", language) in cover
        and translate("balance.cover.warning", language) in cover
    )
    assert "PNIPGM" in cover


# ---- the other workbooks: page counts, and round trips through LibreOffice ---------------------


def test_the_plan_workbook_prints_one_page_wide_and_comes_back_equal(pnipgm, office, tmp_path):
    source = tmp_path / "plan.xlsx"
    write_plan_workbook(pnipgm, source)
    assert page_count(office.convert(source, "pdf", tmp_path / "pdf")) <= 15
    saved = office.convert(source, "xlsx", tmp_path / "lo")
    assert b"TRUE()" in _sheet_xml(saved.read_bytes(), "xl/worksheets/sheet5.xml")  # LibreOffice's booleans
    assert read_plan_bytes(saved.read_bytes(), name="plan.xlsx") == pnipgm


def _sheet_xml(data: bytes, part: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(part)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda book: setattr(book["measures"]["J2"], "value", "=1=1"), "formula_in_cell"),
        (lambda book: setattr(book["measures"]["J2"], "value", "=IF(1,TRUE(),FALSE())"), "formula_in_cell"),
        (lambda book: setattr(book["measures"]["J2"], "value", "=A1"), "formula_in_cell"),
        (lambda book: setattr(book["measures"]["C1"], "value", "titulo_pt"), "missing_column"),
        (lambda book: book.create_sheet("notes").append(["a note"]), None),
    ],
    ids=["equality", "if", "reference", "renamed_column", "extra_sheet"],
)
def test_a_libreoffice_saved_plan_workbook_gets_the_usual_messages(pnipgm, office, tmp_path, change, key):
    buffer = io.BytesIO()
    write_plan_workbook(pnipgm, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    change(book)
    edited = tmp_path / "plan.xlsx"
    book.save(edited)
    saved = office.convert(edited, "xlsx", tmp_path / "lo").read_bytes()
    if key is None:  # a sheet the plan does not have is left alone
        assert read_plan_bytes(saved, name="plan.xlsx") == pnipgm
        return
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes(saved, name="plan.xlsx")
    [problem] = refused.value.problems
    assert problem.key == key
    if key == "formula_in_cell":
        assert problem.message("en").startswith("the cell holds a formula (J2: =")
        assert problem.record == "measures row 2" and problem.field == "continuous"


@pytest.fixture
def filled_template(pnipgm_url, tmp_path):
    """SEF's template for the as-of month with two rows filled in, as a focal point would."""
    with Session(engine_for(pnipgm_url)) as session:
        user = create_user(session, email=f"sef.{tmp_path.name}@example.pt", name="Ponto focal SEF",
                           role=Role.FOCAL_POINT, password="correct horse battery", bodies=("SEF",))  # fmt: skip
        session.commit()
        data = report_template(session, actor=actor_for(session, user), month=AS_OF, today=TODAY)
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[1]
    sheet["G2"], sheet["F2"], sheet["D3"] = "Protocolo assinado; 3 reuniões", 60, "Concluída"
    sheet["J3"] = "https://example.pt/relatorio.pdf"
    path = tmp_path / "template.xlsx"
    book.save(path)
    return path


def test_a_filled_report_template_reads_the_same_after_libreoffice_saves_it(
    filled_template, office, tmp_path
):
    before = read_report_workbook(filled_template.read_bytes(), month=AS_OF)
    saved = office.convert(filled_template, "xlsx", tmp_path / "lo")
    after = read_report_workbook(saved.read_bytes(), month=AS_OF)
    assert after == before and len(after.rows) > 1
    assert after.rows[0]["done"] == "Protocolo assinado; 3 reuniões" and after.rows[0]["percent"] == 60


def test_the_report_template_prints_one_page_wide(filled_template, office, tmp_path):
    pdf = office.convert(filled_template, "pdf", tmp_path / "pdf")
    pages = pdf_pages(pdf)
    assert len(pages) <= 8
    assert "Instruções" in pages[0] and "Relatório" in pages[1]


def test_a_formula_in_a_libreoffice_saved_template_is_still_refused(filled_template, office, tmp_path):
    book = load_workbook(filled_template)
    book.worksheets[1]["G2"] = "=1=1"
    book.save(filled_template)
    saved = office.convert(filled_template, "xlsx", tmp_path / "lo")
    with pytest.raises(ReportRejected) as refused:
        read_report_workbook(saved.read_bytes(), month=AS_OF)
    assert refused.value.key == "formula_in_cell" and refused.value.params == {"value": "Relatório!G2"}


def test_the_dates_keep_their_day_through_libreoffice(pnipgm, office, tmp_path):
    source = tmp_path / "plan.xlsx"
    write_plan_workbook(pnipgm, source)
    saved = office.convert(source, "xlsx", tmp_path / "lo")
    plan = read_plan_bytes(saved.read_bytes(), name="plan.xlsx")
    assert (
        plan.plan.start == dt.date(2019, 8, 21) and plan.measures[0].deadline == pnipgm.measures[0].deadline
    )

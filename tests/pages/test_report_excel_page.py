"""Reporting by Excel through AppTest: the template to download, the preview of an upload,
nothing stored before confirming, and the all-or-nothing choice.

AppTest cannot upload a file, so the tests put what the uploader's callback keeps (the
workbook as read by `read_report_workbook`) in the session state, and the page runs from there.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlmodel import Session

from monitoring.db import engine_for
from monitoring.months import month_of
from monitoring.report_workbook import REPORT_FIELDS, read_report_workbook, report_template
from monitoring.tables import StatusRevision

PAGE = "pages/report_excel.py"
MONTH = month_of(dt.date.today())  # the current month is always open to focal points


def stored(database_url) -> list[tuple[str, str]]:
    with Session(engine_for(database_url)) as session:
        query = select(StatusRevision.measure_code, StatusRevision.channel).order_by(StatusRevision.id)
        return [tuple(row) for row in session.execute(query).all()]


def count(database_url) -> int:
    with Session(engine_for(database_url)) as session:
        return session.scalar(select(func.count()).select_from(StatusRevision))


def filled_template(session, actor, changes: dict) -> bytes:
    """The month's template with cells changed as a person would: {(measure, field): value}."""
    workbook = load_workbook(io.BytesIO(report_template(session, actor=actor, month=MONTH)))
    sheet = workbook.worksheets[1]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for (measure, field), value in changes.items():
        sheet.cell(rows[measure], REPORT_FIELDS.index(field) + 1).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def uploaded(session, world):
    """fp_sef's template: M001 and M005 moved on, M003 marked completed without evidence."""
    data = filled_template(
        session,
        world["fp_sef"],
        {
            ("M001", "stage"): "Em execução",
            ("M001", "done"): "Protocolo assinado",
            ("M003", "stage"): "Concluída",
            ("M005", "stage"): "Em execução",
            ("M005", "pace"): "Com atraso",
        },
    )
    return read_report_workbook(data, month=MONTH)


def page_with_upload(app_as, uploaded):
    at = app_as("fp_sef", month=MONTH).run()
    at.session_state[f"excel-upload-{MONTH}"] = uploaded
    return at.switch_page(PAGE).run()


def button(at, label: str):
    return next(b for b in at.button if label in b.label)


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def test_focal_point_gets_the_template_download_and_an_uploader(app_as):
    at = app_as("fp_sef", month=MONTH).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Reporte por Excel"
    assert at.get("download_button")[0].label == "Descarregar o modelo do mês"
    assert len(at.get("file_uploader")) == 1
    assert not at.dataframe  # no preview before a file is chosen


def test_the_page_speaks_english(app_as):
    at = app_as("fp_sef", month=MONTH, lang="en").run()
    at.switch_page(PAGE).run()
    assert at.title[0].value == "Report by Excel"


@pytest.mark.parametrize("who", ["committee", "validator_sef"])
def test_the_page_is_not_offered_to_those_who_do_not_report(app_as, who):
    at = app_as(who).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)


def test_an_upload_is_previewed_row_by_row_and_nothing_is_stored(app_as, uploaded, database_url):
    at = page_with_upload(app_as, uploaded)
    assert not at.exception
    assert "2 medidas a gravar · 0 sem alterações · 1 recusada" in texts(at.markdown)
    preview = at.dataframe[0].value
    stage = preview[(preview["Código"] == "M001") & (preview["Campo"] == "Estado")].iloc[0]
    assert (stage["Atual"], stage["No ficheiro"], stage["Resultado"]) == (
        "Não iniciada",
        "Em execução",
        "a gravar",
    )
    refused = preview[preview["Código"] == "M003"].iloc[0]
    assert refused["Resultado"] == "recusada"
    assert "ligação de evidência" in refused["Motivo"]
    assert count(database_url) == 0


def test_confirming_stores_the_valid_rows_and_lists_the_refused(app_as, uploaded, database_url):
    at = page_with_upload(app_as, uploaded)
    button(at, "Confirmar").click().run()
    assert not at.exception
    assert "Guardado: 2 medidas reportadas para o mês." in texts(at.success)
    assert "1 medida recusada (M003): o motivo está na tabela abaixo." in texts(at.error)
    assert "ligação de evidência" in at.dataframe[0].value.iloc[0, 1]
    assert stored(database_url) == [("M001", "excel"), ("M005", "excel")]
    assert f"excel-upload-{MONTH}" not in at.session_state  # the upload is done with


def test_all_or_nothing_stores_nothing_when_a_row_is_refused(app_as, uploaded, database_url):
    at = page_with_upload(app_as, uploaded)
    at.checkbox[0].check().run()
    button(at, "Confirmar").click().run()
    assert "Nada foi gravado: 1 medida recusada." in texts(at.error)
    assert count(database_url) == 0
    assert f"excel-upload-{MONTH}" in at.session_state  # kept, to store the valid rows after all


def test_a_resubmitted_upload_changes_nothing(app_as, uploaded, database_url):
    at = page_with_upload(app_as, uploaded)
    button(at, "Confirmar").click().run()
    at.session_state[f"excel-upload-{MONTH}"] = uploaded
    at.run()
    assert "0 medidas a gravar · 2 sem alterações · 1 recusada" in texts(at.markdown)

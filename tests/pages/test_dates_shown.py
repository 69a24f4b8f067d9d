"""Every date, time and month a page shows is written for the chosen language (05/04/2020 11:31,
abr. 2020; 5 Apr 2020, 11:31, Apr 2020), never as the ISO text it is kept in (2020-04-05,
2020-03): tables, captions, choices and messages alike. Links and downloads keep ISO.

SEF reports March 2020 on 5 April at 10:31 UTC (11:31 in Lisbon), is sent back, reports again and
is validated; the secretariat unlocks the month and reopens February for SEF for 7 days."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from monitoring.i18n import translate
from monitoring.report_workbook import read_report_workbook, report_template
from monitoring.reporting import reopen_month, send_back, submit_reports, unlock_month, validate_month
from monitoring.rules import ReportRejected

MONTH = "2020-03"
ISO = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
PAGES = {
    "audit": "secretariat",
    "completeness": "secretariat",
    "validate": "validator_sef",
    "report": "fp_sef",
    "report_excel": "fp_sef",
    "measure": "secretariat",
    "plan": "secretariat",
    "bodies": "secretariat",
    "dashboard": "committee",
    "trends": "committee",
    "indicators": "committee",
    "brief": "committee",
    "balance": "committee",
    "public": "committee",
    "users": "secretariat",
    "account": "secretariat",
    "load_plan": "secretariat",
}


def at_utc(day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(2020, 4, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def march(session, world):
    """A month with every kind of event, and numbers in the thousands in the audit trail."""
    rows = [
        {"measure": "M001", "stage": "in_progress", "percent": 40, "done": "Protocolo assinado",
         "indicators": {"I001": 1500}},
        {"measure": "M003", "stage": "in_progress"},
    ]  # fmt: skip
    assert not submit_reports(
        session, actor=world["fp_sef"], month=MONTH, rows=rows, now=at_utc(5, 10, 31)
    ).rejected
    send_back(session, actor=world["validator_sef"], month=MONTH, body="SEF", comment="Falta a evidência",
              now=at_utc(6))  # fmt: skip
    rows[0] |= {"percent": 45, "indicators": {"I001": 2500}}
    assert not submit_reports(session, actor=world["fp_sef"], month=MONTH, rows=rows, now=at_utc(7)).rejected
    validate_month(session, actor=world["validator_sef"], month=MONTH, body="SEF", now=at_utc(8))
    unlock_month(
        session, actor=world["secretariat"], month=MONTH, body="SEF", reason="Correção", now=at_utc(9)
    )
    reopen_month(session, actor=world["secretariat"], month="2020-02", body="SEF", reason="Atraso",
                 days=7, now=at_utc(9))  # fmt: skip
    session.commit()
    return session


def shown(at) -> list[str]:
    """Everything a person reads on the page: texts, labels, the choices offered, every table cell,
    the HTML of printed documents and the charts' texts."""
    kinds = (
        "title",
        "header",
        "subheader",
        "caption",
        "markdown",
        "info",
        "warning",
        "error",
        "success",
        "text",
    )
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    for kind in ("button", "toggle", "checkbox", "number_input", "expander", "tabs"):
        parts += [str(getattr(e, "label", "")) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio"):
        for e in getattr(at, kind):
            parts += [e.label, *map(str, e.options)]
    for kind in ("text_input", "text_area"):
        parts += [f"{e.label} {e.value or ''} {e.placeholder or ''}" for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    for frame in at.dataframe:
        table = frame.value
        parts += [str(c) for c in table.columns]
        parts += [str(v) for column in table.columns for v in table[column].tolist()]
    parts += [e.proto.body for e in at.get("html")]
    parts += [_chart_texts(json.loads(e.proto.spec)) for e in at.get("plotly_chart")]
    return parts


def _chart_texts(spec: dict) -> str:
    """What a chart writes: axis values, labels, titles and hover texts (not its styling)."""
    found = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("template", "colorscale"):
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in ("type", "mode", "xaxis", "yaxis", "marker_color"):
            found.append(value)

    walk(spec.get("data", []))
    walk(spec.get("layout", {}))
    return " ".join(found)


def iso_left(at) -> list[str]:
    return [text for text in shown(at) if ISO.search(text)]


def page(app_as, name: str, lang: str):
    query = {"month": MONTH, "as_of": MONTH, "code": "M001", "body": "SEF"}
    at = app_as(PAGES[name], lang=lang, **query).run()
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["pt", "en", "es"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_shows_a_date_or_month_as_iso(app_as, march, name, lang):
    at = page(app_as, name, lang)
    assert not iso_left(at), f"{name} ({lang}) shows ISO dates: {sorted(set(iso_left(at)))[:6]}"


def picked(at, label: str) -> str:
    """What a picker shows as chosen when the page opens (the month the link asks for)."""
    box = next(b for b in at.selectbox if b.label == label)
    return box.options[box.proto.default]


def column(at, header: str) -> list[str]:
    return [str(v) for frame in at.dataframe if header in frame.value for v in frame.value[header]]


@pytest.fixture
def downloads(monkeypatch):
    """What each download button offers, by file name (AppTest keeps it out of reach otherwise)."""
    files: dict[str, bytes] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self, data, mimetype, kind, filename=None):
        files[filename] = data
        return keep(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    return files


@pytest.mark.parametrize(
    ("lang", "when", "month", "until", "months"),
    [
        ("pt", "05/04/2020 11:31", "mar. 2020", "16/04/2020", ("Quando", "Mês", "Aberto até")),
        ("en", "5 Apr 2020, 11:31", "Mar 2020", "16 Apr 2020", ("When", "Month", "Open until")),
    ],
)
def test_the_audit_writes_times_by_the_plan_s_clock_and_months_in_words(app_as, march, lang, when, month, until,
                                                                        months):  # fmt: skip
    at = page(app_as, "audit", lang)
    at_header, month_header, until_header = months
    assert when in column(at, at_header)  # 10:31 UTC is 11:31 in Lisbon (summer time)
    assert month in column(at, month_header)
    assert until in column(at, until_header)
    assert month in at.selectbox[1].options
    assert "Europe/Lisbon" in " ".join(c.value for c in at.caption)


def test_the_audit_writes_old_and_new_values_in_the_language(app_as, march):
    at = page(app_as, "audit", "pt")
    trail = at.dataframe[0].value.set_index(["Revisão", "Campo"])
    assert tuple(trail.loc[(3, "Indicador I001"), ["Antes", "Depois"]]) == ("1\xa0500", "2\xa0500")
    assert trail.loc[(1, "Estado"), "Depois"] == "Em execução"
    assert set(column(at, "Evento")) >= {"submetido", "validado (bloqueado)", "reaberto"}


def test_the_audit_month_is_chosen_by_its_name(app_as, march):
    at = page(app_as, "audit", "pt")
    at.selectbox[1].set_value("2020-02").run()
    assert column(at, "Evento") == ["reaberto"] and column(at, "Mês") == ["fev. 2020"]


@pytest.mark.parametrize(
    ("lang", "month", "closes"), [("pt", "mar. 2020", "10/04/2020"), ("en", "Mar 2020", "10 Apr 2020")]
)
def test_completeness_names_the_month_in_the_picker_and_the_reminder(app_as, march, lang, month, closes):
    at = page(app_as, "completeness", lang)
    assert picked(at, at.selectbox[0].label) == month
    reminder = at.text_area[0].value
    assert month in reminder and closes in reminder and MONTH not in reminder
    assert "month_state." not in " ".join(column(at, at.dataframe[0].value.columns[-1]))


@pytest.mark.parametrize(("lang", "month"), [("pt", "mar. 2020"), ("en", "Mar 2020")])
def test_validation_names_the_month(app_as, march, lang, month):
    at = page(app_as, "validate", lang)
    assert picked(at, at.selectbox[0].label) == month
    assert at.dataframe[0].value.iloc[0, 0] == "M001"  # the month's reports are there to judge


@pytest.mark.parametrize(
    ("lang", "month", "refused"),
    [
        ("pt", "mai. 2020", "O mês mai. 2020 está fechado. Peça ao secretariado técnico que o reabra."),
        ("en", "May 2020", "Month May 2020 is closed. Ask the technical secretariat to reopen it."),
    ],
)
def test_a_report_for_a_closed_month_is_refused_naming_the_month(app_as, march, lang, month, refused):
    at = app_as("fp_sef", lang=lang, month="2020-05").run()
    at.switch_page("pages/report.py").run()
    assert picked(at, at.selectbox[0].label) == month
    no_change = next(b for b in at.button if b.label == translate("report.no_change", lang))
    no_change.click().run()  # every measure refused: the month's window has closed
    on_cards = [e.value for e in at.error if e.value != at.error[0].value]  # the first sums them up
    assert on_cards and set(on_cards) == {translate("report.refused_row", lang, reason=refused)}
    assert not iso_left(at)


@pytest.mark.parametrize(
    ("lang", "refused"),
    [
        ("pt", "Este modelo é do mês fev. 2020, não de mar. 2020. Descarregue o modelo de mar. 2020."),
        ("en", "This template is for month Feb 2020, not Mar 2020. Download the template for Mar 2020."),
    ],
)
def test_a_template_for_another_month_is_refused_naming_both_months(app_as, session, world, lang, refused):
    other = report_template(session, actor=world["fp_sef"], month="2020-02")
    with pytest.raises(ReportRejected) as error:
        read_report_workbook(other, month=MONTH)
    at = app_as("fp_sef", lang=lang, month=MONTH).run()
    at.session_state[f"excel-refusal-{MONTH}"] = error.value  # what the uploader's callback keeps
    at.switch_page("pages/report_excel.py").run()
    assert at.error[0].value == refused


@pytest.mark.parametrize(
    ("lang", "deadline", "changed", "closed"),
    [
        ("pt", "31/12/2020", "mar. 2020", "10/02/2021 23:59:59"),
        ("en", "31 Dec 2020", "Mar 2020", "10 Feb 2021, 23:59:59"),
    ],
)
def test_the_attention_list_writes_dates_for_people_and_its_csv_as_data(app_as, march, downloads, lang, deadline,
                                                                         changed, closed):  # fmt: skip
    at = app_as("committee", lang=lang, as_of="2021-01", tab=translate("dash.tab.attention", lang)).run()
    at.switch_page("pages/dashboard.py").run()
    attention = at.dataframe[-1].value  # M003, in progress since March 2020, was due by the end of 2020
    overdue = attention[attention.iloc[:, 0] == "M003"].iloc[0]
    assert (overdue.iloc[5], overdue.iloc[7]) == (deadline, changed)
    assert closed in " ".join(c.value for c in at.caption)  # the record: the end of the closing day
    csv = pd.read_csv(io.BytesIO(downloads["attention-2021-01.csv"]), dtype=str)
    row = csv[csv.iloc[:, 0] == "M003"].iloc[0]
    assert (row.iloc[5], row.iloc[7]) == ("2020-12-31", "2020-03")
    assert not iso_left(at)


@pytest.mark.parametrize(
    ("lang", "month", "when"),
    [("pt", "mar. 2020", "07/04/2020 13:00"), ("en", "Mar 2020", "7 Apr 2020, 13:00")],
)
def test_a_measure_s_history_is_dated_by_the_plan_s_clock(app_as, march, lang, month, when):
    at = page(app_as, "measure", lang)
    history = at.dataframe[-1].value  # stored at 12:00 UTC on 7 April: 13:00 in Lisbon
    assert (history.iloc[0, 0], history.iloc[0, -1]) == (month, when)

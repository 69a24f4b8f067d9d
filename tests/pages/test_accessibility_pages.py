"""Accessibility through AppTest: each chart says what it shows and has its numbers as a table,
headings carry no anchors, the report grid explains its keys, the statement page is public and
names only the contact the operator configured, and the page script sets the document's
language."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monitoring import accessibility, formats
from monitoring.i18n import LANGUAGES, translate
from monitoring.reporting import submit_reports
from plan import read_plan_file

AS_OF = "2021-01"
SPANISH = Path(__file__).resolve().parents[1] / "plans" / "plan_es_en.yaml"
CHART_PAGES = [
    "pages/dashboard.py",
    "pages/trends.py",
    "pages/indicators.py",
    "pages/public.py",
    "pages/bodies.py",
]


@pytest.fixture
def history(session, world):
    rows = [
        {"measure": "M001", "stage": "completed", "evidence": "https://example.org/m001"},
        {"measure": "M003", "stage": "in_progress"},
    ]
    submit_reports(
        session, actor=world["fp_sef"], month="2020-06", rows=rows, now=dt.datetime(2020, 7, 3, tzinfo=dt.UTC)
    )
    session.commit()
    return session


def open_chart_tables(at, lang: str) -> list:
    """Open every chart's table, as a click on each expander does, and return the expanders."""
    label = translate("chart.table", lang)
    for expander in [e for e in at.expander if e.label == label]:
        at.session_state[expander.key] = True
    at.run()
    return [e for e in at.expander if e.label == label]


def page_script(at) -> dict:
    """What the page's accessibility script was told on this run (pages/_frame.py)."""
    for element in at.get("html"):
        found = re.search(r"const cfg = (\{.*\});\n", element.proto.body)
        if found and '"lang"' in found[1]:
            return json.loads(found[1])
    raise AssertionError("no accessibility script on the page")


@pytest.mark.parametrize("page", CHART_PAGES)
@pytest.mark.parametrize("lang", ["pt", "en"])
def test_every_chart_has_a_text_alternative_and_its_numbers_as_a_table(app_as, history, page, lang):
    at = app_as("committee", as_of=AS_OF, lang=lang).run()
    at.switch_page(page).run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert charts, f"{page} draws no chart"
    closed = [e for e in at.expander if e.label == translate("chart.table", lang)]
    assert len(closed) == len(charts) and not any(e.dataframe for e in closed)  # drawn when opened
    tables = open_chart_tables(at, lang)
    assert len(tables) == len(charts)
    for chart, table in zip(charts, tables, strict=True):
        assert len(chart.proto.alt) > 60, chart.proto.alt
        assert table.dataframe
        if page != "pages/indicators.py":  # an indicator with no value yet has an empty table
            assert not table.dataframe[0].value.empty


def test_the_alternative_of_the_axis_chart_gives_the_tables_totals(app_as, history):
    at = app_as("committee", as_of=AS_OF).run()
    at.switch_page("pages/dashboard.py").run()
    alt = at.get("plotly_chart")[0].proto.alt
    table = open_chart_tables(at, "pt")[0].dataframe[0].value
    assert alt.startswith("Gráfico de barras empilhadas «Medidas por eixo e estado»")
    for stage in ("Concluída", "Em execução", "Não iniciada"):
        assert f"{stage}: {int(table[stage].sum())}" in alt


def test_chart_labels_read_on_their_bars(app_as, history):
    at = app_as("committee", as_of=AS_OF).run()
    at.switch_page("pages/dashboard.py").run()
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = {t["name"]: t["insidetextfont"]["color"] for t in figure["data"]}
    assert labels == {"Não iniciada": "#000000", "Em execução": "#000000", "Concluída": "#000000"} | (
        {"Contínua": "#FFFFFF"} if "Contínua" in labels else {}
    )
    assert figure["layout"]["xaxis"]["tickfont"]["color"] == "#111111"


def test_the_brief_s_title_is_its_page_heading(app_as, history):
    """The brief's heading is part of the printed document (an h1 in its header), not a
    Streamlit title with an anchor link."""
    at = app_as("committee", as_of=AS_OF).run()
    at.switch_page("pages/brief.py").run()
    headers = [
        e.proto.body for e in at.get("html") if e.proto.body.startswith('<div class="brief-doc brief-header')
    ]
    assert len(headers) == 1 and "<h1>" in headers[0] and not at.title


@pytest.mark.parametrize("page", [*CHART_PAGES, "pages/plan.py", "pages/measure.py"])
def test_headings_carry_no_anchor_link(app_as, history, page):
    at = app_as("committee", as_of=AS_OF).run()
    at.switch_page(page).run()
    headings = [*at.title, *at.header, *at.subheader]
    assert headings
    assert all(h.proto.hide_anchor for h in headings), [h.value for h in headings if not h.proto.hide_anchor]


@pytest.mark.parametrize(("lang", "tag"), [("pt", "pt-PT"), ("en", "en"), ("es", "es"), ("xx", "pt-PT")])
def test_the_page_script_sets_the_document_language(start_app, world, lang, tag):
    # AppTest runs app.py on the first run only; the browser test checks every page.
    at = start_app(lang=lang).run()
    assert page_script(at)["lang"] == tag


@pytest.mark.parametrize(("lang", "tag"), [(None, "es"), ("pt", "pt-PT"), ("en", "en")])
def test_a_spanish_plan_opens_in_spanish_and_says_so(start_app, lang, tag):
    at = start_app(read_plan_file(SPANISH), lang=lang).run()
    assert not at.exception
    assert page_script(at)["lang"] == tag
    # The plan is written in Spanish and English: in Portuguese its texts say they are Spanish.
    assert list(language_blocks(at)) == (["es"] if lang == "pt" else [])


def frame_app() -> None:
    import streamlit as st

    from pages._frame import page_frame

    page_frame(lang_tag="pt-PT", page=st.session_state.get("page", "plan"), skip_label="Saltar")


def test_the_heading_gets_the_focus_when_a_page_is_shown_not_at_every_rerun():
    at = AppTest.from_function(frame_app).run()
    first = page_script(at)["focus"]
    assert first["kind"] == "heading"
    at.run()  # a widget's rerun on the same page
    assert page_script(at)["focus"] is None
    at.session_state["page"] = "bodies"
    at.run()
    moved = page_script(at)["focus"]
    assert moved["kind"] == "heading" and moved["token"] != first["token"]


@pytest.mark.parametrize("lang", ["pt", "en", "es"])
def test_the_accessibility_statement_is_public_and_in_the_chosen_language(
    start_app, world, lang, monkeypatch
):
    monkeypatch.delenv("MONITORING_ACCESSIBILITY_CONTACT", raising=False)
    at = start_app(lang=lang).run()
    at.switch_page("pages/accessibility.py").run()
    assert not at.exception
    assert at.title[0].value == translate("nav.accessibility", lang)
    headers = [h.value for h in at.header]
    for key in ("status", "limitations", "preparation", "contact"):
        assert translate(f"statement.h.{key}", lang) in headers
    shown = "\n".join(m.value for m in at.markdown)
    assert "WCAG 2.1" in shown and formats.date(accessibility.LAST_CHECKED, lang) in shown
    assert translate("statement.limitation.sidebar_list", lang) in shown
    assert accessibility.language_list(list(LANGUAGES), lang) in shown  # the languages checked
    # No contact configured: none is made up, and the public is not told about settings.
    assert at.info[0].value == translate("statement.no_contact", lang)
    assert "@" not in shown and "mailto:" not in shown
    assert not [c for c in at.caption if "MONITORING_ACCESSIBILITY_CONTACT" in c.value]


def test_the_statement_gives_the_contact_the_operator_configured(start_app, world, monkeypatch):
    monkeypatch.setenv("MONITORING_ACCESSIBILITY_CONTACT", "acessibilidade@exemplo.gov.pt")
    at = start_app().run()
    at.switch_page("pages/accessibility.py").run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "(mailto:acessibilidade@exemplo.gov.pt)" in shown
    assert not at.info


def test_a_contact_is_shown_as_text_never_as_markup(start_app, world, monkeypatch):
    monkeypatch.setenv("MONITORING_ACCESSIBILITY_CONTACT", "[clique](https://mal.example) <b>x</b>")
    at = start_app().run()
    at.switch_page("pages/accessibility.py").run()
    contact = next(m.value for m in at.markdown if "barreira" in m.value)
    assert "](https://mal.example)" not in contact.replace("\\]", "").replace("\\(", "(") or "\\[" in contact
    assert "<b>" not in contact


def test_the_secretariat_is_told_how_to_configure_the_contact(app_as, world, monkeypatch):
    monkeypatch.delenv("MONITORING_ACCESSIBILITY_CONTACT", raising=False)
    at = app_as("secretariat").run()
    at.switch_page("pages/accessibility.py").run()
    assert [c.value for c in at.caption] == [translate("statement.no_contact.operator", "pt")]


def language_blocks(at) -> dict[str, list[str]]:
    """The blocks marked with a language of their own (pages/_frame.text_in), and their texts."""
    found = {}
    for block in at.main.children.values():
        marked = re.search(r"gcm-lang-([a-z-]+?)-\d+$", getattr(block.proto, "id", "") or "")
        if marked:
            texts = [str(getattr(e, "value", "")) for e in block.children.values()]
            found.setdefault(marked[1], []).extend(texts)
    return found


def test_a_plan_in_a_language_without_catalogue_marks_its_texts_with_their_language(
    start_app, world, monkeypatch
):
    # As if the plan were written in French only: the interface stays Portuguese (there is no
    # French catalogue), the page says pt-PT, and the plan's own texts say fr.
    monkeypatch.setattr("pages._widgets.plan_languages", lambda plan: ("fr",))
    at = start_app().run()
    assert page_script(at)["lang"] == "pt-PT"
    assert list(language_blocks(at)) == ["fr"]
    assert at.title[0].value in language_blocks(at)["fr"]
    at = start_app(code="M001").run()
    at.switch_page("pages/measure.py").run()
    assert any(text.startswith("M001 · ") for text in language_blocks(at)["fr"])


def test_a_plan_in_the_pages_language_adds_no_marks(start_app, world):
    at = start_app(lang="en").run()
    assert language_blocks(at) == {}

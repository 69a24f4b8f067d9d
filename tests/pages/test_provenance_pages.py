"""Where the plan comes from, said wherever it matters: the plan page shows the provenance, and
while the plan is a reconstruction every dashboard, the brief, the public page and the balance
carry a one-line notice; figures that are not official carry their mark."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitoring.plan_store import load_plan
from plan import read_plan_file
from tests.factories import make_reconstruction

NOTICE = "Este plano é uma reconstrução"
SPANISH = Path(__file__).resolve().parents[1] / "plans" / "plan_es_en.yaml"


@pytest.fixture
def rebuilt(session, world):
    load_plan(session, make_reconstruction())
    session.commit()
    return world


def shown(at) -> str:
    parts = [str(e.value) for kind in ("title", "caption", "markdown", "info") for e in getattr(at, kind)]
    return "\n".join(parts + [frame.value.to_csv() for frame in at.dataframe])


def test_plan_page_shows_the_provenance_when_a_notice_links_to_it(start_app, rebuilt):
    at = start_app(provenance="1").run()
    [expander] = [e for e in at.expander if e.label == "De onde vem este plano"]
    assert "Rebuilt by the test factory" in expander.markdown[0].value
    assert "«Carregar plano»" not in shown(at)  # the operator's instruction is for staff only


def test_plan_page_tells_staff_how_to_replace_a_reconstruction(app_as, rebuilt):
    at = app_as("secretariat").run()
    assert "«Carregar plano»" in shown(at)


@pytest.mark.parametrize("page", ["dashboard", "trends", "indicators", "brief", "balance"])
def test_every_dashboard_the_brief_and_the_balance_carry_the_notice(app_as, rebuilt, page):
    at = app_as("committee").switch_page(f"pages/{page}.py").run()
    assert not at.exception
    assert NOTICE in shown(at)
    [link] = [e for e in at.get("page_link") if e.proto.label == "De onde vem este plano"]
    assert "provenance=1" in link.proto.query_string


def test_public_page_marks_placeholder_and_reported_figures(start_app, rebuilt):
    at = start_app(lang="en").switch_page("pages/public.py").run()
    assert not at.exception
    text = shown(at)
    assert "This plan is a reconstruction from public sources" in text
    indicators = at.dataframe[-1].value.set_index("Indicator")
    assert indicators.loc["I001", "Target"] == "100 †"  # reported, with its source beside it
    assert "a hundred people were helped" in indicators.loc["I001", "Source of the reported figures"]
    assert indicators.loc["I002", "Target"] == "200 *" and indicators.loc["I002", "Baseline"] == "0 *"
    assert "* An illustrative placeholder" in text


def test_indicator_and_measure_pages_say_the_basis_of_each_figure(app_as, rebuilt):
    at = app_as("committee", lang="en").switch_page("pages/indicators.py").run()
    table = at.dataframe[0].value.set_index("Indicator")
    assert table.loc["I001", "Basis of the figures"] == "* Baseline: illustrative · † Target: reported"
    assert table.loc["I002", "Basis of the figures"] == "* illustrative"
    at = app_as("committee", lang="en", code="M002").switch_page("pages/measure.py").run()
    assert "Measure added in the reconstruction: no public source names it." in shown(at)


def test_an_official_plan_shows_no_notice_and_no_marks(app_as, world):
    at = app_as("committee").switch_page("pages/indicators.py").run()
    assert NOTICE not in shown(at)
    assert "Base dos valores" not in at.dataframe[0].value.columns


def test_a_spanish_and_english_plan_shows_with_no_code_change(start_app):
    plan = read_plan_file(SPANISH)
    at = start_app(plan, lang="en").run()
    assert not at.exception
    assert at.title[0].value == "Test plan for implementing the Global Compact for Migration"
    at = start_app(plan, code="M02", lang="en").switch_page("pages/measure.py").run()
    assert at.title[0].value == "M02 · Keep a helpline"
    assert "Unit inside body A1" in shown(at)

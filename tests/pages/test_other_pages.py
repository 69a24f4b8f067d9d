"""Measure detail, ministries and bodies, and plan loading."""

from __future__ import annotations

from sqlmodel import Session

from monitoring.db import engine_for
from monitoring.plan_store import current_version


def test_measure_page_shows_everything_the_plan_says(start_app, small_plan):
    at = start_app(small_plan, code="M003")
    at.run()
    at.switch_page("pages/measure.py").run()
    assert not at.exception
    assert at.title[0].value == "M003 · Measure 3 (pt)"
    assert "Administração Interna" in " ".join(m.value for m in at.markdown)
    indicators = at.dataframe[0].value
    assert indicators.iloc[0]["Código"] == "I003" and indicators.iloc[0]["Meta"] == "300"


def test_measure_page_with_unknown_code_warns_and_shows_the_first(start_app, small_plan):
    at = start_app(small_plan, code="M999").run()
    at.switch_page("pages/measure.py").run()
    assert at.warning[0].value == "Não há nenhuma medida com o código M999."
    assert at.title[0].value.startswith("M001")


def test_continuous_measure_says_it_runs_until_the_plan_ends(start_app, small_plan):
    at = start_app(small_plan, code="M006", lang="en").run()
    at.switch_page("pages/measure.py").run()
    assert "Continuous (until the plan ends)" in " ".join(m.value for m in at.markdown)


def test_bodies_page_lists_a_body_measures_with_its_role(start_app, small_plan):
    at = start_app(small_plan, body="SEF").run()
    at.switch_page("pages/bodies.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["Código"].tolist() == ["M001", "M003", "M005"]
    assert set(table["Papel"]) == {"Envolvida"}


def test_bodies_page_without_a_choice_lists_all_bodies(start_app, small_plan):
    at = start_app(small_plan).run()
    at.switch_page("pages/bodies.py").run()
    assert len(at.dataframe[0].value) == 4
    assert len(at.get("plotly_chart")) == 1


def test_load_page_offers_the_schema_and_the_current_plan(app_as, database_url):
    at = app_as("secretariat").run()
    at.switch_page("pages/load_plan.py").run()
    assert not at.exception
    assert at.title[0].value == "Carregar plano"
    with Session(engine_for(database_url)) as session:
        assert current_version(session).plan_code == "TEST"

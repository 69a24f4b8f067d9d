"""The Plan page: headline numbers, the tree, filters kept in the URL, both languages."""

from __future__ import annotations

import pytest

from monitoring.plan_store import load_plan
from tests.factories import make_plan
from tests.pages.conftest import APP  # noqa: F401  (documents which app is driven)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_plan_page_shows_the_real_pnipgm(start_app):
    at = start_app().run()
    assert not at.exception
    assert at.title[0].value == "Plano Nacional de Implementação do Pacto Global das Migrações"
    numbers = metrics(at)
    assert (numbers["Eixos"], numbers["Objetivos do Pacto"], numbers["Medidas"]) == (
        "5",
        "23",
        "97",
    )
    assert any("reconstrução" in i.value for i in at.info)


def test_plan_page_lists_every_measure_under_its_axis(start_app, small_plan):
    at = start_app(small_plan).run()
    axes = [e for e in at.expander if e.label.startswith("**")]
    assert [e.label.split(" · ")[0] for e in axes] == ["**E1**", "**E2**"]
    assert not at.dataframe  # closed axes are not drawn
    for axis in axes:  # opened, as a click on each does
        at.session_state[axis.key] = True
    at.run()
    tables = [e.dataframe[0].value for e in at.expander if e.label.startswith("**")]
    assert [len(table) for table in tables] == [3, 3]  # one table per axis, every measure once
    assert sum(len(df.value) for df in at.dataframe) == 6
    assert at.caption[-1].value == "6 de 6 medidas"


def test_filtering_by_axis_narrows_the_list_and_writes_the_url(start_app, small_plan):
    at = start_app(small_plan).run()
    at.multiselect[0].select("E2").run()
    assert at.caption[-1].value == "3 de 6 medidas"
    assert at.query_params["axis"] == "E2"


def test_filters_are_read_from_a_shared_link(start_app, small_plan):
    at = start_app(small_plan, gcm="1", kind="yes").run()
    assert at.multiselect[1].value == [1]
    assert at.caption[-1].value == "1 de 6 medidas"  # M005: GCM 1 and continuous


def test_text_search_with_no_result_says_so(start_app, small_plan):
    at = start_app(small_plan, q="zzz no such measure").run()
    assert at.warning[0].value == "Nenhuma medida corresponde aos filtros escolhidos."


def test_english_is_one_click_away(start_app, small_plan):
    at = start_app(small_plan).run()
    at.sidebar.radio[0].set_value("en").run()
    assert "Measures" in metrics(at)
    assert at.title[0].value == "Test plan (en)"
    assert at.query_params["lang"] == "en"


def test_language_comes_from_the_link(start_app, small_plan):
    at = start_app(small_plan, lang="en").run()
    assert at.caption[-1].value == "6 of 6 measures"


def test_empty_database_explains_what_to_do(start_app, monkeypatch):
    monkeypatch.setenv("MONITORING_LOAD_DEFAULT_PLAN", "false")
    at = start_app().run()
    assert not at.exception
    assert at.info[0].value == "Ainda não há nenhum plano para mostrar."  # no instruction for the public


@pytest.fixture
def reconstructed(session, world):
    """A new version of the world's plan, marked as a reconstruction."""
    plan = make_plan(measures=6, continuous=2)
    load_plan(
        session, plan.model_copy(update={"plan": plan.plan.model_copy(update={"reconstruction": True})})
    )
    session.commit()


@pytest.mark.parametrize("who", [None, "committee", "fp_sef"])
def test_a_reconstruction_is_told_without_the_staffs_instruction(app_as, start_app, reconstructed, who):
    at = (app_as(who) if who else start_app()).run()
    [notice] = [i.value for i in at.info if "reconstrução" in i.value]
    assert notice.startswith("Este plano é uma reconstrução a partir de fontes públicas")
    assert "Carregar plano" not in notice
    assert not any("Carregar plano" in c.value for c in at.caption)


def test_the_secretariat_reads_how_to_replace_a_reconstruction(app_as, reconstructed):
    at = app_as("secretariat").run()
    assert [i.value for i in at.info if "reconstrução" in i.value]
    # the instruction is the staff's own line under the notice
    assert any("carregue-o na página «Carregar plano»" in c.value for c in at.caption)


def test_the_source_note_is_labelled_as_written_in_its_own_language(start_app, small_plan):
    at = start_app(small_plan, code="M001").run()
    at.switch_page("pages/measure.py").run()
    assert "Nota de origem (no idioma em que foi escrita): Test factory" in [c.value for c in at.caption]

"""Choosing a plan on the pages: a picker when there is a choice, remembered in the URL; a code
that is unknown, archived or not the person's gets a clear message and the plan list, never
another plan's data."""

from __future__ import annotations

import pytest

from monitoring.auth import Role, actor_for, create_user
from monitoring.plan_store import load_plan, set_plan_status
from tests.monitoring.test_several_plans import successor_plan
from tests.pages.test_reporting_pages import OPEN, cards, texts


@pytest.fixture
def two_plans(session, world):
    load_plan(session, successor_plan())
    session.commit()
    return world


def opened(app_as, who: str, page: str, plan: str | None = None, **query):
    at = app_as(who, **query)
    if plan is not None:
        at.query_params["plan"] = plan  # the fixture's own `plan` names the default file
    at.run()
    return at.switch_page(page).run()


def picker(at):
    return next(s for s in at.sidebar.selectbox if s.label == "Plano")


def test_with_two_plans_a_picker_chooses_and_the_url_remembers(app_as, two_plans):
    at = opened(app_as, "committee", "pages/plan.py")
    assert picker(at).options == ["TEST · Test plan (pt)", "PTCV · Test plan (pt)"]
    assert at.query_params["plan"] == "TEST"
    picker(at).set_value("PTCV").run()
    assert at.query_params["plan"] == "PTCV"
    assert at.caption[-1].value.startswith("4 de 4 medidas")  # PTCV's four measures, not TEST's six
    at.switch_page("pages/dashboard.py").run()
    assert picker(at).value == "PTCV"  # the choice follows to the next page


def test_the_picker_offers_a_focal_point_only_the_plans_of_their_bodies(app_as, two_plans):
    at = opened(app_as, "fp_iefp", "pages/report.py", month=OPEN)
    assert not [s for s in at.sidebar.selectbox if s.label == "Plano"]  # one plan: nothing to choose
    assert cards(at) == ["M002", "M004", "M006"]


@pytest.mark.parametrize(
    ("who", "page", "asked", "message"),
    [
        ("committee", "pages/dashboard.py", "NOPE", "Não há nenhum plano com o código «NOPE»."),
        ("fp_iefp", "pages/report.py", "PTCV", "O plano PTCV não tem medidas das suas entidades."),
        ("fp_sef", "pages/report.py", "ENDED", "O plano PTCV não está ativo"),
        ("committee", "pages/dashboard.py", "ARCHIVED", "O plano PTCV está arquivado e não é mostrado."),
    ],
)
def test_a_plan_that_cannot_be_opened_is_refused_with_the_list(
    session, app_as, two_plans, who, page, asked, message
):
    if asked in ("ENDED", "ARCHIVED"):
        set_plan_status(session, plan_code="PTCV", status=asked.lower())
        session.commit()
        asked = "PTCV"
    at = opened(app_as, who, page, plan=asked, month=OPEN)
    assert not at.exception
    assert message in at.error[0].value
    assert "Planos que pode abrir:" in texts(at.markdown)
    assert not at.metric and not at.get("plotly_chart") and not cards(at)  # no plan's data at all
    offered = [b for b in at.button if b.key and b.key.startswith("open-plan-")]
    assert offered[0].label == "TEST · Test plan (pt) · 21/08/2019 – 31/12/2022"
    offered[0].click().run()
    assert not at.error and at.query_params["plan"] == "TEST"  # opened on a plan the person may see


def test_the_secretariat_ends_a_plan_and_sees_its_new_state_at_once(app_as, two_plans):
    at = opened(app_as, "secretariat", "pages/load_plan.py")
    fields = {s.label: s for s in at.main.selectbox}
    fields["Plano"].set_value("PTCV")
    fields["Situação"].set_value("ended")
    next(b for b in at.button if b.label == "Mudar a situação").click().run()
    assert at.success[0].value == "O plano PTCV está agora terminado."  # at the top
    assert at.dataframe[0].value["Situação"].tolist() == ["ativo", "terminado"]
    reporting = opened(app_as, "fp_sef", "pages/report.py", month=OPEN)
    assert not [s for s in reporting.sidebar.selectbox if s.label == "Plano"]  # only TEST takes reports now


@pytest.mark.parametrize(
    ("who", "ended", "message"),
    [
        (
            "fp_iefp",
            "TEST",
            "Nenhum plano está ativo: não há reportes a fazer. Os planos terminados continuam nos painéis.",
        ),
        ("fp_iefp", "PTCV", None),  # another plan ended: IEFP reports on TEST
        ("fp_elsewhere", "PTCV", "Não há nenhum plano com medidas das suas entidades."),
    ],
)
def test_a_focal_point_with_nothing_to_report_is_told_why(session, app_as, two_plans, who, ended, message):
    elsewhere = create_user(
        session,
        email="elsewhere@example.pt",
        name="Elsewhere",
        role=Role.FOCAL_POINT,
        password="correct horse battery",
        bodies=("XYZ",),  # a body of no stored plan
    )
    two_plans["fp_elsewhere"] = actor_for(session, elsewhere)
    set_plan_status(session, plan_code=ended, status="ended")
    session.commit()
    at = opened(app_as, who, "pages/report.py", month=OPEN)
    at.query_params.pop("plan", None)  # no plan named, whichever the plan page chose
    at.run()
    assert not at.exception
    if message is None:
        assert cards(at) and not at.info
    else:
        assert [i.value for i in at.info] == [message] and not cards(at)

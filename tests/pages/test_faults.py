"""Faults a ministry will meet: the database drops during a submission, the app restarts
between a draft and its submission, a plan is reloaded without a measure."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from monitoring.db import engine_for
from monitoring.plan_store import load_plan
from monitoring.reporting import submit_reports
from monitoring.tables import ReportDraft, StatusRevision
from tests.factories import make_plan
from tests.pages.test_reporting_pages import cards, field, open_report


def count(database_url, table) -> int:
    with Session(engine_for(database_url)) as session:
        return session.scalar(select(func.count()).select_from(table))


@pytest.fixture
def failing_commit(monkeypatch):
    """The connection drops in the middle of a submission: after its revisions are flushed,
    before the transaction commits."""
    import monitoring.reporting

    original = monitoring.reporting._mark_submitted

    def broken(*args, **kwargs):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    class Switch:
        def on(self):
            monkeypatch.setattr(monitoring.reporting, "_mark_submitted", broken)

        def off(self):
            monkeypatch.setattr(monitoring.reporting, "_mark_submitted", original)

    return Switch()


def test_database_lost_at_submit_writes_nothing_keeps_the_work_and_then_saves_once(
    app_as, database_url, failing_commit
):
    at = open_report(app_as, "fp_sef")
    field(at, "M001", "stage").set_value("in_progress")
    field(at, "M001", "done").input("Protocolo assinado")
    at.run()
    assert count(database_url, ReportDraft) == 1
    failing_commit.on()
    at.button[0].click().run()
    assert "nada foi gravado" in at.error[0].value
    failing_commit.off()
    assert count(database_url, StatusRevision) == 0
    assert count(database_url, ReportDraft) == 1
    assert field(at, "M001", "done").value == "Protocolo assinado"  # still in the form
    at.button[0].click().run()
    assert at.success[0].value == "Guardado: 3 medidas reportadas para o mês."
    at.button[0].click().run()  # a second click stores no duplicate
    assert count(database_url, StatusRevision) == 3


def test_a_draft_survives_an_app_restart(app_as, database_url):
    at = open_report(app_as, "fp_sef")
    field(at, "M003", "done").input("Meio caminho")
    at.run()
    restarted = open_report(app_as, "fp_sef")  # caches cleared, a new session: as after a restart
    assert cards(restarted) == ["M001", "M003", "M005"]
    assert field(restarted, "M003", "done").value == "Meio caminho"
    assert "Rascunho" in " ".join(c.value for c in restarted.caption)


def test_a_measure_removed_from_the_plan_keeps_its_history(app_as, session, world):
    submit_reports(
        session,
        actor=world["fp_sef"],
        month="2020-03",
        now=dt.datetime(2020, 4, 2, tzinfo=dt.UTC),
        rows=[{"measure": "M001", "stage": "in_progress", "done": "Antes da revisão"}],
    )
    plan = make_plan(measures=6, continuous=2)
    without = plan.model_copy(update={"measures": plan.measures[1:]})
    load_plan(session, without)
    session.commit()
    assert session.scalar(select(func.count()).where(StatusRevision.measure_code == "M001")) == 1
    at = app_as("secretariat", code="M001").run()
    at.switch_page("pages/measure.py").run()
    assert "pertencia à versão 1" in at.warning[0].value
    assert at.dataframe[0].value.iloc[0]["O que foi feito este mês"] == "Antes da revisão"

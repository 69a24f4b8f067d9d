"""The demo history: plausible, labelled, and never mixed into real reports."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from monitoring.audit_chain import verify_chain, wait_for_linker
from monitoring.auth import LoginFailed, authenticate
from monitoring.demo import DEMO_CHANNEL, demo_users, seed_demo
from monitoring.progress import live_snapshot, stage_counts
from monitoring.reporting import submit_reports
from monitoring.rules import ReportRejected
from monitoring.tables import StatusRevision


def test_demo_history_is_plausible_and_labelled(session, world):
    written = seed_demo(session, until="2021-12")
    assert written > 6 * 25  # 29 months × 6 measures, less a few missing reports
    channels = set(session.scalars(select(StatusRevision.channel).distinct()))
    assert channels == {DEMO_CHANNEL}
    assert all(u.email.endswith("@demo.invalid") and u.name.startswith("Demo") for u in demo_users(session))
    counts = stage_counts(live_snapshot(session, _plan(session), as_of="2021-12"))
    assert counts["completed"] + counts["in_progress"] > 0


def test_demo_accounts_cannot_sign_in(session, world):
    seed_demo(session, until="2020-03")
    session.commit()
    for user in demo_users(session):
        for password in ("", "demo-validator-not-for-use", f"demo-{user.email.split('.')[1]}-not-for-use"):
            with pytest.raises(LoginFailed):
                authenticate(session, user.email, password)


def test_the_demo_history_is_signed_and_linked(session, world):
    written = seed_demo(session, until="2020-12")
    session.commit()
    assert wait_for_linker()
    report = verify_chain(session, "TEST")
    assert (report.checked, report.linked, report.problems) == (written, written, [])


def test_demo_is_written_once(session, world):
    seed_demo(session, until="2020-06")
    assert seed_demo(session, until="2020-06") == 0


def test_demo_refuses_a_database_with_real_reports(session, world):
    submit_reports(session, actor=world["fp_sef"], month="2020-03",
                   rows=[{"measure": "M001", "stage": "in_progress"}],
                   now=dt.datetime(2020, 4, 1, tzinfo=dt.UTC))  # fmt: skip
    before = session.scalar(select(func.count()).select_from(StatusRevision))
    with pytest.raises(ReportRejected) as refused:
        seed_demo(session, until="2020-06")
    assert refused.value.key == "demo_into_real_data"
    assert session.scalar(select(func.count()).select_from(StatusRevision)) == before


def _plan(session):
    from monitoring.reporting import chosen_plan

    return chosen_plan(session)[1]


def test_demo_history_stops_at_the_plans_end_unless_told(session, world):
    seed_demo(session)  # the plan ran from 2019-08 to 2022-12
    months = set(session.scalars(select(StatusRevision.month).distinct()))
    assert min(months) == "2019-08" and max(months) == "2022-12"


def test_demo_history_goes_further_when_asked(session, world):
    seed_demo(session, until="2023-03")
    assert session.scalar(select(func.max(StatusRevision.month))) == "2023-03"


def test_demo_refuses_a_month_that_is_not_one(session, world):
    with pytest.raises(ReportRejected) as refused:
        seed_demo(session, until="March")
    assert refused.value.key == "invalid_month"

"""Several plans in one database: each is chosen by its code, reported on separately, and every
view (dashboards, balance, completeness, audit) sees only its own plan's data. Runs on SQLite
and, with TEST_DATABASE_URL, on PostgreSQL.

The two plans share measure codes (M001…) and bodies on purpose: only the plan code keeps them apart.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from monitoring.audit import audit_trail, month_events
from monitoring.completeness import body_completeness, measure_completeness
from monitoring.dashboard import headline, headline_months
from monitoring.export import balance_tables
from monitoring.plan_store import (
    PlanStatus,
    choose_plan,
    load_plan,
    plan_entries,
    plans_for,
    set_plan_status,
    stored_plan,
    why_not_offered,
)
from monitoring.progress import Basis, counted_reports, indicator_series, live_snapshot
from monitoring.reporting import (
    reportable_measures,
    save_draft,
    submit_no_change,
    submit_reports,
    validate_month,
)
from monitoring.rules import ReportRejected
from monitoring.snapshots import snapshot_as_of
from monitoring.tables import ReportDraft, StatusRevision
from tests.factories import make_measure, make_plan

MONTH = "2020-03"
NOW = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)
TODAY = NOW.date()
LATER = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)  # the months reported on have long closed


def successor_plan():
    """A second plan, "PTCV": four measures, all led by MAI with SEF (none for IEFP)."""
    plan = make_plan(measures=4, code="PTCV")
    measures = tuple(
        make_measure(n, "O01" if n % 2 else "O05", lead_body="MAI", co_bodies=("SEF",)) for n in range(1, 5)
    )
    return plan.model_copy(update={"measures": measures})


@pytest.fixture
def two_plans(session, world):
    """TEST (the `world` plan, six measures) and PTCV, both loaded and active."""
    load_plan(session, successor_plan())
    session.commit()
    return world


def submit(session, actor, plan_code, *rows):
    result = submit_reports(session, actor=actor, month=MONTH, rows=list(rows), now=NOW, plan_code=plan_code)
    session.commit()
    return result


def report_both(session, people) -> None:
    """TEST: M001 completed, M003 in progress (SEF), M002 in progress (IEFP). PTCV: M001 in progress."""
    done = {"measure": "M001", "stage": "completed", "percent": 100, "evidence": ["https://example.pt/a"]}
    assert submit(session, people["fp_sef"], "TEST", done, {"measure": "M003", "stage": "in_progress"}).ok
    assert submit(session, people["fp_iefp"], "TEST", {"measure": "M002", "stage": "in_progress"}).ok
    assert submit(
        session,
        people["fp_sef"],
        "PTCV",
        {"measure": "M001", "stage": "in_progress", "indicators": {"I001": 7}},
    ).ok


def test_each_plan_sees_only_its_own_reports_in_every_view(session, two_plans):
    report_both(session, two_plans)
    validate_month(session, actor=two_plans["validator_sef"], month=MONTH, body="SEF", plan_code="PTCV")
    session.commit()
    versions = {code: choose_plan(session, code) for code in ("TEST", "PTCV")}
    plans = {code: stored_plan(version) for code, version in versions.items()}
    # the counted reports
    reports = {
        code: counted_reports(session, code, as_of=MONTH, moment=LATER, validated_only=False)
        for code in plans
    }
    assert sorted(reports["TEST"]["measure"]) == ["M001", "M002", "M003"]
    assert reports["PTCV"]["measure"].tolist() == ["M001"]
    # the dashboards' headline, from snapshots stored for the closed month (kept per plan version)
    for _ in range(2):  # computed and stored, then read back
        heads = {
            code: headline({
                label: snapshot_as_of(session, versions[code], plan, as_of=month, now=LATER)
                for label, month in headline_months(MONTH).items()
            })
            for code, plan in plans.items()
        }  # fmt: skip
        assert (heads["TEST"].at["completed", "now"], heads["TEST"].at["in_progress", "now"]) == (1, 2)
        assert (heads["PTCV"].at["completed", "now"], heads["PTCV"].at["in_progress", "now"]) == (0, 1)
    # validated data only, with the corrections up to now (the validation came today): only PTCV's SEF month
    validated = {
        code: live_snapshot(session, plan, as_of=MONTH, basis=Basis.CORRECTED, validated_only=True)
        for code, plan in plans.items()
    }
    assert (validated["TEST"].measures["stage"] != "not_started").sum() == 0
    assert (validated["PTCV"].measures["stage"] != "not_started").sum() == 1
    # the balance
    test_balance = balance_tables(session, as_of=MONTH, today=TODAY, plan_code="TEST")
    ptcv_balance = balance_tables(session, as_of=MONTH, today=TODAY, plan_code="PTCV")
    assert test_balance.counts["completed"] == 1 and ptcv_balance.counts["completed"] == 0
    assert len(test_balance.tables["measures"]) == 6 and len(ptcv_balance.tables["measures"]) == 4
    stages = ptcv_balance.tables["measures"].set_index("code")["stage"]
    assert stages["M001"] == "in_progress" and stages["M003"] == "not_started"
    # indicators
    assert indicator_series(session, plans["PTCV"], as_of=MONTH)["indicator"].tolist() == ["I001"]
    assert indicator_series(session, plans["TEST"], as_of=MONTH).empty
    # completeness
    test_reported = measure_completeness(session, month=MONTH, plan_code="TEST").set_index("measure")[
        "reported"
    ]
    ptcv_reported = measure_completeness(session, month=MONTH, plan_code="PTCV").set_index("measure")[
        "reported"
    ]
    assert test_reported[test_reported].index.tolist() == ["M001", "M002", "M003"]
    assert ptcv_reported[ptcv_reported].index.tolist() == ["M001"]
    ptcv_bodies = body_completeness(session, month=MONTH, today=TODAY, plan_code="PTCV").set_index("body")
    assert "IEFP" not in ptcv_bodies.index and ptcv_bodies.at["SEF", "reported"] == 1
    # the audit
    assert set(audit_trail(session, plan_code="PTCV")["measure"]) == {"M001"}
    assert set(month_events(session, plan_code="PTCV", month=MONTH)["event"]) == {"submitted", "validated"}
    assert set(month_events(session, plan_code="TEST", month=MONTH)["event"]) == {"submitted"}


def test_the_form_of_each_plan_is_filled_from_its_own_history(session, two_plans):
    report_both(session, two_plans)
    rows = {
        code: {r["measure"]: r["stage"] for r in reportable_measures(
            session, actor=two_plans["fp_sef"], month="2020-04", today=TODAY, plan_code=code
        )}
        for code in ("TEST", "PTCV")
    }  # fmt: skip
    assert rows["TEST"] == {"M001": "completed", "M003": "in_progress", "M005": "not_started"}
    assert rows["PTCV"] == {
        "M001": "in_progress",
        "M002": "not_started",
        "M003": "not_started",
        "M004": "not_started",
    }


def test_loading_a_plan_never_changes_another_plans_state(session, two_plans):
    set_plan_status(session, plan_code="TEST", status="ended")
    assert not load_plan(session, successor_plan()).stored  # the same file again: nothing changes
    changed = make_plan(measures=5, code="PTCV")
    load_plan(session, changed)  # a new version of PTCV
    third = make_plan(measures=2, code="THIRD")
    load_plan(session, third)
    states = {e.code: e.status for e in plan_entries(session)}
    assert states == {"TEST": PlanStatus.ENDED, "PTCV": PlanStatus.ACTIVE, "THIRD": PlanStatus.ACTIVE}
    assert [e.code for e in plan_entries(session)] == ["TEST", "PTCV", "THIRD"]  # the order they came in


def test_without_a_code_the_only_active_plan_is_used_else_the_plans_are_listed(session, two_plans):
    with pytest.raises(ReportRejected) as refused:
        submit_reports(session, actor=two_plans["fp_sef"], month=MONTH, now=NOW, rows=[])
    assert (refused.value.key, refused.value.params) == ("plan_required", {"plans": "TEST, PTCV"})
    set_plan_status(session, plan_code="PTCV", status="ended")
    assert choose_plan(session).plan_code == "TEST"
    assert submit_reports(
        session,
        actor=two_plans["fp_sef"],
        month=MONTH,
        now=NOW,
        rows=[{"measure": "M001", "stage": "in_progress"}],
    ).ok


def test_an_unknown_code_is_refused_with_the_list_of_plans(session, two_plans):
    with pytest.raises(ReportRejected) as refused:
        balance_tables(session, as_of=MONTH, today=TODAY, plan_code="NOPE")
    assert (refused.value.key, refused.value.params) == (
        "unknown_plan",
        {"value": "NOPE", "plans": "TEST, PTCV"},
    )


def test_a_focal_point_cannot_submit_to_a_plan_that_is_not_active(session, two_plans):
    set_plan_status(session, plan_code="PTCV", status="ended")
    session.commit()
    row = {"measure": "M001", "stage": "in_progress"}
    for attempt in (
        lambda: submit_reports(
            session, actor=two_plans["fp_sef"], month=MONTH, now=NOW, rows=[row], plan_code="PTCV"
        ),
        lambda: submit_no_change(session, actor=two_plans["fp_sef"], month=MONTH, now=NOW, plan_code="PTCV"),
        lambda: save_draft(
            session, actor=two_plans["fp_sef"], month=MONTH, measure="M001", payload=row, plan_code="PTCV"
        ),
    ):
        with pytest.raises(ReportRejected) as refused:
            attempt()
        assert (refused.value.key, refused.value.params) == ("plan_not_active", {"plan": "PTCV"})
    session.rollback()
    assert session.scalar(select(func.count()).select_from(StatusRevision)) == 0
    assert session.scalar(select(func.count()).select_from(ReportDraft)) == 0


def test_an_ended_plan_stays_readable_and_an_archived_one_is_hidden(session, two_plans):
    report_both(session, two_plans)
    set_plan_status(session, plan_code="TEST", status="ended")
    assert balance_tables(session, as_of=MONTH, today=TODAY, plan_code="TEST").counts["completed"] == 1
    assert [e.code for e in plans_for(session, two_plans["committee"])] == ["TEST", "PTCV"]
    assert [e.code for e in plans_for(session, two_plans["fp_sef"], reporting=True)] == ["PTCV"]
    assert why_not_offered(session, two_plans["fp_sef"], "TEST", reporting=True) == "not_active"
    set_plan_status(session, plan_code="TEST", status="archived")
    assert [e.code for e in plans_for(session, two_plans["committee"])] == ["PTCV"]
    assert why_not_offered(session, two_plans["committee"], "TEST") == "archived"
    assert (
        balance_tables(session, as_of=MONTH, today=TODAY, plan_code="TEST").counts["completed"] == 1
    )  # kept


def test_focal_points_see_the_plans_in_which_their_bodies_have_measures(session, two_plans):
    assert [e.code for e in plans_for(session, two_plans["fp_sef"])] == ["TEST", "PTCV"]
    assert [e.code for e in plans_for(session, two_plans["fp_iefp"])] == ["TEST"]
    assert why_not_offered(session, two_plans["fp_iefp"], "PTCV") == "not_yours"
    assert why_not_offered(session, two_plans["fp_iefp"], "NOPE") == "unknown"
    assert [e.code for e in plans_for(session, two_plans["secretariat"])] == ["TEST", "PTCV"]
    assert [e.code for e in plans_for(session, None)] == ["TEST", "PTCV"]  # the public


def test_a_plan_state_is_set_by_code_and_checked(session, two_plans):
    with pytest.raises(ReportRejected) as refused:
        set_plan_status(session, plan_code="PTCV", status="paused")
    assert refused.value.key == "unknown_plan_status"
    with pytest.raises(ReportRejected) as refused:
        set_plan_status(session, plan_code="NOPE", status="ended")
    assert refused.value.key == "unknown_plan"

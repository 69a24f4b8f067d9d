"""Submitting monthly reports: permissions in the service, append-only history, the month's
window and lock, carry-forward, drafts. Each refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from monitoring.auth import AccessDenied
from monitoring.reporting import (
    body_month_state,
    reopen_month,
    reportable_measures,
    save_draft,
    send_back,
    submit_no_change,
    submit_reports,
    unlock_month,
    validate_month,
)
from monitoring.rules import ReportRejected
from monitoring.tables import BodyMonthEvent, IndicatorValue, StatusRevision

MONTH = "2020-03"
OPEN = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)
LATE = dt.datetime(2020, 4, 20, 12, tzinfo=dt.UTC)
IN_FEBRUARY = dt.datetime(2020, 3, 2, 12, tzinfo=dt.UTC)


def row(measure="M001", stage="in_progress", **extra) -> dict:
    return {"measure": measure, "stage": stage, **extra}


def revisions(session) -> int:
    return session.scalar(select(func.count()).select_from(StatusRevision))


def submit(session, actor, *rows, month=MONTH, now=OPEN, **kwargs):
    result = submit_reports(session, actor=actor, month=month, rows=list(rows), now=now, **kwargs)
    session.commit()
    return result


def refused_key(result) -> str:
    [rejected] = result.rejected
    return rejected.key


def test_focal_point_reports_on_a_measure_of_their_body(session, world):
    result = submit(session, world["fp_sef"], row(done="Protocol signed", indicators={"I001": 40}))
    assert [r.key for r in result.saved] == ["saved"]
    stored = session.scalars(select(StatusRevision)).one()
    assert (stored.measure_code, stored.body_code, stored.stage, stored.late) == (
        "M001",
        "SEF",
        "in_progress",
        False,
    )
    assert session.scalars(select(IndicatorValue.value)).all() == [40]
    assert body_month_state(session, "TEST", MONTH, "SEF") == "submitted"


def test_focal_point_cannot_report_a_measure_of_another_body(session, world):
    result = submit(session, world["fp_sef"], row("M002"))  # M002 belongs to MTSSS and IEFP
    assert refused_key(result) == "measure_not_yours"
    assert revisions(session) == 0


@pytest.mark.parametrize("who", ["committee", "validator_sef"])
def test_roles_that_do_not_report_are_refused_by_the_service(session, world, who):
    with pytest.raises(AccessDenied):
        submit(session, world[who], row())
    assert revisions(session) == 0


def test_secretariat_reports_on_any_measure(session, world):
    assert len(submit(session, world["secretariat"], row("M002"), row("M001")).saved) == 2


@pytest.mark.parametrize(
    ("bad_row", "key"),
    [
        (row("M999"), "unknown_measure"),
        (row(stage="almost done"), "unknown_stage"),
        (row(percent=130), "percent_out_of_range"),
        (row(indicators={"I001": -5}), "count_not_whole"),
        (row(indicators={"I999": 1}), "unknown_indicator"),
        (row(done="x" * 5000), "text_too_long"),
        (row(evidence="javascript:alert(1)"), "invalid_link"),
        (row(stage="completed"), "completion_needs_evidence"),
        (row("M005"), "continuous_needs_pace"),
        (row(pace="on_track"), "pace_only_for_continuous"),
        (row(percent="lots"), "invalid_field"),
    ],
)
def test_bad_rows_are_refused_with_a_reason_and_nothing_is_written(session, world, bad_row, key):
    assert refused_key(submit(session, world["fp_sef"], bad_row)) == key
    assert revisions(session) == 0


def test_html_in_text_is_stored_as_plain_text(session, world):
    text = "<script>alert('x')</script> & <b>bold</b>"
    submit(session, world["fp_sef"], row(done=text))
    assert session.scalars(select(StatusRevision.done)).one() == text


@pytest.mark.parametrize(("month", "key"), [("2019-07", "month_before_plan"), ("2020-05", "month_in_future")])
def test_months_outside_reporting_are_refused(session, world, month, key):
    with pytest.raises(ReportRejected) as refused:
        submit(session, world["fp_sef"], row(), month=month)
    assert refused.value.key == key


def test_closed_month_is_locked_for_focal_points_until_reopened(session, world):
    assert refused_key(submit(session, world["fp_sef"], row(), now=LATE)) == "month_closed"
    with pytest.raises(AccessDenied):
        reopen_month(session, actor=world["fp_sef"], month=MONTH, body="SEF", reason="x", now=LATE)
    with pytest.raises(ReportRejected):
        reopen_month(session, actor=world["secretariat"], month=MONTH, body="SEF", reason=" ", now=LATE)
    reopen_month(
        session, actor=world["secretariat"], month=MONTH, body="SEF", reason="Late data from SEF", now=LATE
    )
    result = submit(session, world["fp_sef"], row(), now=LATE)
    assert [r.key for r in result.saved] == ["saved"]
    assert session.scalars(select(StatusRevision.late)).one() is True


def test_reopening_is_for_one_body_only(session, world):
    reopen_month(session, actor=world["secretariat"], month=MONTH, body="IEFP", reason="Late data", now=LATE)
    assert refused_key(submit(session, world["fp_sef"], row(), now=LATE)) == "month_closed"


def test_validation_locks_the_month_and_the_secretariat_can_unlock_it(session, world):
    submit(session, world["fp_sef"], row())
    with pytest.raises(AccessDenied):
        validate_month(session, actor=world["fp_iefp"], month=MONTH, body="SEF")
    validate_month(session, actor=world["validator_sef"], month=MONTH, body="SEF")
    session.commit()
    assert refused_key(submit(session, world["fp_sef"], row(stage="not_started"))) == "month_validated"
    assert refused_key(submit(session, world["secretariat"], row(stage="not_started"))) == "month_validated"
    unlock_month(
        session, actor=world["secretariat"], month=MONTH, body="SEF", reason="Correction asked by SEF"
    )
    assert submit(session, world["fp_sef"], row(stage="not_started")).saved


def test_sending_back_needs_a_comment_and_the_month_is_submitted_again(session, world):
    submit(session, world["fp_sef"], row())
    with pytest.raises(ReportRejected):
        send_back(session, actor=world["validator_sef"], month=MONTH, body="SEF", comment="")
    send_back(session, actor=world["validator_sef"], month=MONTH, body="SEF", comment="Add the evidence")
    assert body_month_state(session, "TEST", MONTH, "SEF") == "sent_back"
    submit(session, world["fp_sef"], row())  # unchanged content, confirmed again
    assert body_month_state(session, "TEST", MONTH, "SEF") == "submitted"


def test_nothing_to_validate_before_a_submission(session, world):
    with pytest.raises(ReportRejected) as refused:
        validate_month(session, actor=world["validator_sef"], month=MONTH, body="SEF")
    assert refused.value.key == "wrong_month_state"


def test_completed_measure_going_back_needs_a_justification(session, world):
    submit(
        session,
        world["fp_sef"],
        row(stage="completed", evidence="https://dre.pt/m001"),
        month="2020-02",
        now=IN_FEBRUARY,
    )
    assert refused_key(submit(session, world["fp_sef"], row())) == "justification_required"
    assert submit(session, world["fp_sef"], row(justification="Phase two was added")).saved


def test_a_correction_is_a_new_revision_and_the_latest_is_current(session, world):
    submit(session, world["fp_sef"], row(done="First"))
    submit(session, world["fp_sef"], row(done="Corrected", based_on=1))
    done = session.scalars(select(StatusRevision.done).order_by(StatusRevision.id)).all()
    assert done == ["First", "Corrected"]
    [current] = [
        r
        for r in reportable_measures(session, actor=world["fp_sef"], month=MONTH, today=OPEN.date())
        if r["measure"] == "M001"
    ]
    assert current["done"] == "Corrected"


def test_submitting_the_same_report_twice_stores_one_revision(session, world):
    first = submit(session, world["fp_sef"], row(done="Same", indicators={"I001": 3}))
    again = submit(session, world["fp_sef"], row(done="Same", indicators={"I001": 3}))
    assert (len(first.saved), len(again.unchanged), revisions(session)) == (1, 1, 1)


def test_two_people_saving_the_same_measure_both_count_and_the_later_is_told(session, world):
    submit(session, world["fp_sef"], row(done="From SEF"))
    later = submit(session, world["secretariat"], row(done="From the secretariat"))  # loaded before SEF saved
    assert later.saved[0].notice == "changed_meanwhile"
    assert later.saved[0].notice_params == {"author": "Fp Sef"}
    assert revisions(session) == 2


def test_all_or_nothing_stores_nothing_when_one_row_is_refused(session, world):
    result = submit(session, world["fp_sef"], row(), row("M003", percent=400), all_or_nothing=True)
    assert len(result.rejected) == 1
    assert revisions(session) == 0


def test_valid_rows_are_kept_when_another_row_is_refused(session, world):
    result = submit(session, world["fp_sef"], row(), row("M003", percent=400))
    assert (len(result.saved), len(result.rejected), revisions(session)) == (1, 1, 1)


def test_the_same_measure_twice_in_one_submission_is_refused(session, world):
    result = submit(session, world["fp_sef"], row(), row())
    assert [r.key for r in result.rejected] == ["measure_twice"]


def test_outlier_needs_a_confirmation_note(session, world):
    submit(session, world["fp_sef"], row(indicators={"I001": 100}), month="2020-02", now=IN_FEBRUARY)
    assert (
        refused_key(submit(session, world["fp_sef"], row(indicators={"I001": 5000}))) == "outlier_needs_note"
    )
    assert submit(
        session, world["fp_sef"], row(indicators={"I001": 5000}, outlier_note="Regularisation drive")
    ).saved


def test_last_month_is_carried_forward(session, world):
    submit(
        session,
        world["fp_sef"],
        row(done="Feb work", obstacles="Budget", indicators={"I001": 7}),
        month="2020-02",
        now=IN_FEBRUARY,
    )
    rows = {
        r["measure"]: r
        for r in reportable_measures(session, actor=world["fp_sef"], month=MONTH, today=OPEN.date())
    }
    assert sorted(rows) == ["M001", "M003", "M005"]
    carried = rows["M001"]
    assert (carried["stage"], carried["obstacles"], carried["done"], carried["carried"]) == (
        "in_progress",
        "Budget",
        "",
        True,
    )
    assert carried["indicators"] == {"I001": 7}
    assert rows["M003"]["stage"] == "not_started" and not rows["M003"]["carried"]


def test_no_change_reports_every_unreported_measure_in_one_click(session, world):
    submit(session, world["fp_sef"], row(), row("M005", pace="delayed"), month="2020-02", now=IN_FEBRUARY)
    result = submit_no_change(session, actor=world["fp_sef"], month=MONTH, now=OPEN)
    session.commit()
    assert sorted(r.measure for r in result.saved) == ["M001", "M003", "M005"]
    stages = dict(
        session.execute(
            select(StatusRevision.measure_code, StatusRevision.stage).where(StatusRevision.month == MONTH)
        ).all()
    )
    assert stages == {"M001": "in_progress", "M003": "not_started", "M005": "in_progress"}


def test_a_draft_survives_and_is_cleared_by_submitting(session, world):
    save_draft(session, actor=world["fp_sef"], month=MONTH, measure="M001", payload={"done": "Half-written"})
    session.commit()
    rows = {
        r["measure"]: r
        for r in reportable_measures(session, actor=world["fp_sef"], month=MONTH, today=OPEN.date())
    }
    assert (rows["M001"]["done"], rows["M001"]["draft"]) == ("Half-written", True)
    submit(session, world["fp_sef"], row(done="Finished"))
    rows = {
        r["measure"]: r
        for r in reportable_measures(session, actor=world["fp_sef"], month=MONTH, today=OPEN.date())
    }
    assert (rows["M001"]["done"], rows["M001"]["draft"]) == ("Finished", False)


def test_a_draft_for_another_body_measure_is_refused(session, world):
    with pytest.raises(AccessDenied):
        save_draft(session, actor=world["fp_sef"], month=MONTH, measure="M002", payload={})


def test_history_is_append_only_events_too(session, world):
    submit(session, world["fp_sef"], row())
    validate_month(session, actor=world["validator_sef"], month=MONTH, body="SEF")
    unlock_month(session, actor=world["secretariat"], month=MONTH, body="SEF", reason="Fix")
    events = session.scalars(select(BodyMonthEvent.event).order_by(BodyMonthEvent.id)).all()
    assert events == ["submitted", "validated", "unlocked"]


def test_the_latest_revision_and_previous_value_follow_the_month_then_the_order_of_saving(session, world):
    """A correction of February saved after March's report is still February's: the month comes first."""
    from monitoring.reporting import latest_revisions, previous_indicator_values

    secretariat = world["secretariat"]
    submit(session, secretariat, row(indicators={"I001": 10}), month="2020-02", now=IN_FEBRUARY)
    march = submit(session, secretariat, row(indicators={"I001": 30}), month="2020-03").saved[0].revision_id
    submit(session, secretariat, row(indicators={"I001": 20}, done="corrected"), month="2020-02")
    submit(session, secretariat, row("M003"), month="2020-01", now=IN_FEBRUARY)
    latest = latest_revisions(session, "TEST", ["M001", "M003", "M005"], "2020-03")
    assert (latest["M001"].id, latest["M003"].month, set(latest)) == (march, "2020-01", {"M001", "M003"})
    assert latest_revisions(session, "TEST", ["M001"], "2020-02")["M001"].done == "corrected"
    assert previous_indicator_values(session, "TEST", ["I001", "I003"], "2020-03") == {"I001": 20.0}
    assert previous_indicator_values(session, "TEST", ["I001"], "2020-04") == {"I001": 30.0}

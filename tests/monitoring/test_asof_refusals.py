"""Dates that would make the record lie are refused, with a clear message and nothing written;
lateness, "today" and the default months follow the plan's clock (Lisbon), summer time included."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from monitoring.dashboard import default_report_month, last_closed
from monitoring.i18n import translate
from monitoring.reporting import send_back, submit_reports, unlock_month, validate_month
from monitoring.rules import ReportRejected
from monitoring.settings import Settings
from monitoring.tables import BodyMonthEvent, StatusRevision
from plan.errors import PlanInvalid
from plan.validation import validate_document
from tests.factories import make_plan
from tests.history import moment

ROW = {"measure": "M001", "stage": "in_progress"}


def counts(session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(StatusRevision)),
        session.scalar(select(func.count()).select_from(BodyMonthEvent)),
    )


def test_a_report_dated_in_the_future_is_refused_and_nothing_is_written(session, world):
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    with pytest.raises(ReportRejected) as refused:
        submit_reports(session, actor=world["fp_sef"], month="2020-03", rows=[ROW], now=future)
    assert refused.value.key == "dated_in_future"
    assert "futuro" in translate(f"error.{refused.value.key}", "pt", **refused.value.params)
    session.rollback()
    assert counts(session) == (0, 0)


@pytest.mark.parametrize("judge", ["validate", "send_back", "unlock"])
def test_a_month_event_dated_before_the_report_it_judges_is_refused(session, world, judge):
    assert submit_reports(
        session, actor=world["fp_sef"], month="2020-03", rows=[ROW], now=moment("2020-04-05")
    ).ok
    if judge == "unlock":
        validate_month(
            session, actor=world["validator_sef"], month="2020-03", body="SEF", now=moment("2020-04-06")
        )
    session.commit()
    before = counts(session)
    earlier = moment("2020-04-04")
    with pytest.raises(ReportRejected) as refused:
        if judge == "validate":
            validate_month(session, actor=world["validator_sef"], month="2020-03", body="SEF", now=earlier)
        elif judge == "send_back":
            send_back(
                session, actor=world["validator_sef"], month="2020-03", body="SEF", comment="x", now=earlier
            )
        else:
            unlock_month(
                session, actor=world["secretariat"], month="2020-03", body="SEF", reason="x", now=earlier
            )
    assert refused.value.key == "event_before_report"
    text = translate("error.event_before_report", "en", **refused.value.params)
    assert "2020-04-04 12:00:00" in text and "2020-04-05 12:00:00" in text
    session.rollback()
    assert counts(session) == before


def test_a_month_event_dated_in_the_future_is_refused(session, world):
    assert submit_reports(
        session, actor=world["fp_sef"], month="2020-03", rows=[ROW], now=moment("2020-04-05")
    ).ok
    future = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    with pytest.raises(ReportRejected) as refused:
        validate_month(session, actor=world["validator_sef"], month="2020-03", body="SEF", now=future)
    assert refused.value.key == "dated_in_future"


def test_a_plan_with_an_unknown_time_zone_is_refused_with_the_name_located():
    document = make_plan(measures=2).model_dump(mode="json")
    document["plan"]["timezone"] = "Europe/Lisboa"
    with pytest.raises(PlanInvalid) as refused:
        validate_document(document, file="plan.yaml")
    problem = refused.value.problems[0]
    assert (problem.file, problem.record, problem.field, problem.key) == ("plan.yaml", "plan", "timezone",
                                                                         "unknown_timezone")  # fmt: skip
    assert "Europe/Lisboa" in str(refused.value)


def test_an_unknown_time_zone_setting_is_refused():
    with pytest.raises(ValueError, match="Mars/Olympus"):
        Settings(timezone="Mars/Olympus")


def test_a_sent_back_report_is_not_the_previous_report(session, world):
    """Correcting a rejected 'completed' to 'in progress' is no regression: it never counted."""
    done = {"measure": "M001", "stage": "completed", "evidence": "https://example.org/m001"}
    assert submit_reports(
        session, actor=world["fp_sef"], month="2020-03", rows=[done], now=moment("2020-04-05")
    ).ok
    send_back(session, actor=world["validator_sef"], month="2020-03", body="SEF", comment="Not yet",
              now=moment("2020-04-06"))  # fmt: skip
    result = submit_reports(
        session, actor=world["fp_sef"], month="2020-03", rows=[ROW], now=moment("2020-04-07")
    )
    assert result.ok, result.rejected


def test_a_report_of_a_counted_month_is_still_the_previous_report(session, world):
    done = {"measure": "M001", "stage": "completed", "evidence": "https://example.org/m001"}
    assert submit_reports(
        session, actor=world["fp_sef"], month="2020-03", rows=[done], now=moment("2020-04-05")
    ).ok
    result = submit_reports(
        session, actor=world["fp_sef"], month="2020-03", rows=[ROW], now=moment("2020-04-07")
    )
    assert [r.key for r in result.rejected] == ["justification_required"]


@pytest.mark.parametrize(
    ("sent", "late"),
    [
        ("2020-07-10T23:59:59+01:00", False),  # summer: the last second of 10 July in Lisbon
        ("2020-07-11T00:00:00+01:00", True),  # 23:00 UTC on the 10th, already the 11th in Lisbon
        ("2021-01-10T23:59:59+00:00", False),  # winter: Lisbon is on UTC
        ("2021-01-11T00:00:00+00:00", True),
    ],
)
def test_lateness_is_read_in_lisbon(session, world, sent, late):
    month = "2020-06" if sent.startswith("2020") else "2020-12"
    result = submit_reports(session, actor=world["secretariat"], month=month, rows=[ROW], now=moment(sent))
    assert result.ok
    assert session.get(StatusRevision, result.saved[0].revision_id).late is late


def test_a_focal_point_cannot_report_once_midnight_has_passed_in_lisbon(session, world):
    refused = submit_reports(session, actor=world["fp_sef"], month="2020-06", rows=[ROW],
                             now=moment("2020-07-11T00:00:00+01:00"))  # fmt: skip
    assert [r.key for r in refused.rejected] == ["month_closed"]


@pytest.mark.parametrize(
    ("now", "closed", "reporting"),
    [
        ("2020-07-10T23:59:59+01:00", "2020-05", "2020-06"),
        ("2020-07-11T00:00:00+01:00", "2020-06", "2020-07"),
        ("2021-03-28T23:59:59+01:00", "2021-01", "2021-02"),  # last Sunday of March, closing day 28
        ("2021-03-29T00:00:00+01:00", "2021-02", "2021-03"),
        ("2020-10-25T23:59:59+00:00", "2020-08", "2020-09"),  # last Sunday of October, closing day 25
        ("2020-10-26T00:00:00+00:00", "2020-09", "2020-10"),
    ],
)
def test_the_default_months_turn_at_midnight_in_lisbon(monkeypatch, now, closed, reporting):
    from monitoring.settings import get_settings

    day = {"07": 10, "03": 28, "10": 25}[now[5:7]]
    monkeypatch.setenv("MONITORING_CLOSING_DAY", str(day))
    get_settings.cache_clear()
    plan = make_plan(measures=2)
    assert (last_closed(plan, moment(now)), default_report_month(plan, moment(now))) == (closed, reporting)
    get_settings.cache_clear()

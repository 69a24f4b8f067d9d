"""Completeness of a month (on time, late, missing) and the audit trail of changes."""

from __future__ import annotations

import datetime as dt

from monitoring.audit import audit_trail, month_events
from monitoring.completeness import body_completeness, measure_completeness, reminders
from monitoring.reporting import reopen_month, send_back, submit_reports

MONTH = "2020-03"
ON_TIME = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)
LATE = dt.datetime(2020, 4, 20, 12, tzinfo=dt.UTC)


def submit(session, actor, *rows, now=ON_TIME):
    result = submit_reports(session, actor=actor, month=MONTH, rows=list(rows), now=now)
    session.commit()
    return result


def test_measure_completeness_counts_reports_from_any_of_its_bodies(session, world):
    submit(session, world["fp_sef"], {"measure": "M001", "stage": "in_progress"})
    table = measure_completeness(session, month=MONTH).set_index("measure")
    assert table.at["M001", "reported"] and table.at["M001", "on_time"]
    assert not table.at["M002", "reported"]
    assert table["reported"].sum() == 1


def test_body_completeness_shows_complete_partial_and_missing(session, world):
    submit(
        session,
        world["fp_sef"],
        {"measure": "M001", "stage": "in_progress"},
        {"measure": "M003", "stage": "not_started"},
    )
    table = body_completeness(session, month=MONTH, today=ON_TIME.date()).set_index("body")
    assert table.at["SEF", "status"] == "partial" and table.at["SEF", "missing"] == ["M005"]
    assert table.at["IEFP", "status"] == "none" and table.at["IEFP", "reported"] == 0
    assert table.at["MAI", "expected"] == 3 and table.at["MAI", "reported"] == 2  # MAI leads what SEF shares


def test_a_late_report_counts_but_is_marked_late(session, world):
    reopen_month(session, actor=world["secretariat"], month=MONTH, body="IEFP", reason="x", now=LATE)
    submit(session, world["fp_iefp"], {"measure": "M002", "stage": "in_progress"}, now=LATE)
    table = body_completeness(session, month=MONTH, today=LATE.date()).set_index("body")
    assert table.at["IEFP", "on_time"] is False and table.at["IEFP", "reported"] == 1
    assert bool(table.at["SEF", "overdue"]) is True


def test_a_sent_back_month_does_not_count_as_reported(session, world):
    submit(session, world["fp_sef"], {"measure": "M001", "stage": "in_progress"})
    send_back(session, actor=world["validator_sef"], month=MONTH, body="SEF", comment="Evidence missing")
    assert not measure_completeness(session, month=MONTH).set_index("measure").at["M001", "reported"]


def test_reminders_name_the_focal_points_of_bodies_with_missing_reports(session, world):
    submit(
        session,
        world["fp_sef"],
        {"measure": "M001", "stage": "in_progress"},
        {"measure": "M003", "stage": "not_started"},
        {"measure": "M005", "stage": "not_started"},
    )
    found = reminders(session, month=MONTH, language="en", today=ON_TIME.date())
    assert {(r["email"], r["body"]) for r in found} == {("fp_iefp@example.pt", "IEFP")}
    assert "M002, M004, M006" in found[0]["text"] and "closes on 10 Apr 2020" in found[0]["text"]
    assert "for Mar 2020 is still missing" in found[0]["text"]


def test_a_reminder_names_the_month_and_closing_day_in_its_language(session, world):
    found = reminders(session, month=MONTH, language="pt", today=ON_TIME.date())[0]
    assert "O reporte de mar. 2020 continua em falta" in found["text"]
    assert "termina a 10/04/2020" in found["text"] and MONTH not in found["text"]


def test_audit_trail_shows_old_and_new_values_with_author(session, world):
    submit(session, world["fp_sef"], {"measure": "M001", "stage": "not_started", "indicators": {"I001": 5}})
    submit(
        session, world["secretariat"], {"measure": "M001", "stage": "in_progress", "indicators": {"I001": 8}}
    )
    trail = audit_trail(session, plan_code="TEST", measure="M001")
    latest = trail[trail["revision"] == trail["revision"].max()].set_index("field")
    assert (latest.at["stage", "old"], latest.at["stage", "new"]) == ("not_started", "in_progress")
    assert (latest.at["indicator I001", "old"], latest.at["indicator I001", "new"]) == (5, 8)
    assert latest.at["stage", "author"] == "Secretariat"


def test_events_keep_the_reasons(session, world):
    reopen_month(
        session, actor=world["secretariat"], month=MONTH, body="SEF", reason="Server outage", now=LATE
    )
    events = month_events(session, plan_code="TEST", month=MONTH)
    assert events.iloc[0][["event", "comment", "by"]].tolist() == ["reopened", "Server outage", "Secretariat"]

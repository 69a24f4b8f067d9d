"""Completeness of a month (on time, late, missing) and the audit trail of changes."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from sqlalchemy import text

from monitoring.audit import COLUMNS, audit_trail, month_events
from monitoring.completeness import body_completeness, measure_completeness, reminders
from monitoring.demo import seed_demo
from monitoring.reporting import REPORT_FIELDS, reopen_month, send_back, submit_reports

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


def every_change(session, plan_code: str, measure=None, month=None, limit: int = 2000) -> pd.DataFrame:
    """The trail computed the plain way: every revision of the plan in (measure, month, id)
    order, each compared with the one before it, then the newest `limit` changes."""
    where = "r.plan_code = :plan" + (" AND r.measure_code = :measure" if measure else "")
    rows = session.execute(
        text(
            "SELECT r.*, u.name AS author, u.email AS author_email FROM status_revision r "
            f"JOIN app_user u ON u.id = r.author_id WHERE {where} ORDER BY r.measure_code, r.month, r.id"
        ),
        {"plan": plan_code, "measure": measure},
    ).all()
    values: dict[int, dict] = {}
    for revision_id, code, value in session.execute(
        text("SELECT revision_id, indicator_code, value FROM indicator_value")
    ):
        values.setdefault(revision_id, {})[code] = value
    changes, before = [], {}
    for row in rows:
        state = {name: getattr(row, name) for name in REPORT_FIELDS}
        state["evidence"] = " ".join(json.loads(row.evidence))
        state |= {f"indicator {c}": v for c, v in sorted(values.get(row.id, {}).items())}
        previous = before.get(row.measure_code, {})
        if month is None or row.month == month:
            changes += [
                [row.id, row.submitted_at, row.author, row.author_email, row.measure_code, row.month,
                 row.body_code, row.channel, key, previous.get(key), new]
                for key, new in state.items()
                if previous.get(key) != new and not (key not in previous and new in (None, "", "[]"))
            ]  # fmt: skip
        before[row.measure_code] = state
    frame = pd.DataFrame(changes, columns=COLUMNS)
    frame = frame.sort_values(["revision", "field"], ascending=[False, True]).head(limit)
    return frame.reset_index(drop=True)


@pytest.mark.parametrize(
    ("measure", "month", "limit"),
    [(None, None, 2000), (None, None, 37), ("M003", None, 25), (None, "2020-06", 4), ("M002", "2020-09", 2)],
)
def test_the_trail_read_newest_first_agrees_with_every_change_computed_plainly(
    session, world, measure, month, limit
):
    written = seed_demo(session, until="2021-06")
    session.commit()
    assert written > 100
    trail = audit_trail(session, plan_code="TEST", measure=measure, month=month, limit=limit)
    expected = every_change(session, "TEST", measure, month, limit)
    assert len(trail) == len(expected) > 0
    assert len(trail) == limit or limit == 2000  # the small limits cut the trail, in batches
    for frame in (trail, expected):  # plain SQL reads SQLite's timestamps as text
        frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
    pd.testing.assert_frame_equal(trail, expected, check_dtype=False)

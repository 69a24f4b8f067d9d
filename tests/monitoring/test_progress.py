"""Progress on small hand-made histories; every expected number is worked out by hand.

Plan: make_plan(6, continuous=2). Deadlines: M001 2021-12-31, M002 2022-12-31, M003 2020-12-31,
M004 2021-12-31; M005 and M006 are continuous. Odd measures are axis E1, even ones E2.
Reporting closes on the 10th of the next month, at midnight in Lisbon (the plan names no zone:
the setting's default). Histories are written straight into the tables (tests/history.py).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from monitoring.progress import (
    Basis,
    as_of_moment,
    counted_reports,
    indicator_status,
    live_snapshot,
    progress_by,
    rules_text,
    stage_changes,
    stage_counts,
)
from tests.factories import make_plan
from tests.history import Event, Revision, moment, prepare, write

PLAN = make_plan(measures=6, continuous=2)
NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture
def history(session):
    """write(*items): the plan's history becomes these revisions and events, in this order."""
    version, author = prepare(session, PLAN)
    return lambda *items: write(session, version, author, list(items))


def snap(session, as_of: str, basis: Basis = Basis.RECORD, validated_only: bool = False, **kw):
    return live_snapshot(
        session, PLAN, as_of=as_of, basis=basis, validated_only=validated_only, now=NOW, **kw
    )


def flags(snapshot, measure: str) -> dict:
    return snapshot.measures.set_index("measure").loc[measure].to_dict()


def stage(session, measure: str, as_of: str, **kw) -> str:
    return flags(snap(session, as_of, **kw), measure)["stage"]


def test_a_revision_submitted_after_the_closing_day_does_not_count_in_the_record(session, history):
    history(Revision("M001", "2020-03", "in_progress", moment("2020-04-20")))  # after 10 April
    assert stage(session, "M001", "2020-03") == "not_started"
    assert stage(session, "M001", "2020-03", basis=Basis.CORRECTED) == "in_progress"
    assert stage(session, "M001", "2020-04") == "in_progress"


def test_a_revision_on_the_closing_day_counts(session, history):
    history(Revision("M001", "2020-03", "in_progress", moment("2020-04-10")))
    assert stage(session, "M001", "2020-03") == "in_progress"


def test_the_revision_stored_last_is_the_months_state(session, history):
    history(
        Revision("M001", "2020-03", "completed", moment("2020-04-02")),
        Revision("M001", "2020-03", "in_progress", moment("2020-04-01")),  # stored later, dated earlier
    )
    assert stage(session, "M001", "2020-03") == "in_progress"


def test_revisions_with_the_same_time_are_told_apart_by_their_id(session, history):
    same = moment("2020-04-01")
    history(Revision("M001", "2020-03", "completed", same), Revision("M001", "2020-03", "in_progress", same))
    reports = counted_reports(session, "TEST", as_of="2020-03", moment=as_of_moment(PLAN, "2020-03"),
                              validated_only=False)  # fmt: skip
    assert reports["stage"].tolist() == ["in_progress"]


def test_stage_carries_forward_until_the_next_report(session, history):
    history(Revision("M003", "2019-10", "in_progress", moment("2019-11-05")))
    assert stage(session, "M003", "2020-06") == "in_progress"


def test_counts_keep_continuous_measures_apart(session, history):
    history(
        Revision("M001", "2020-03", "completed", moment("2020-04-01")),
        Revision("M002", "2020-03", "in_progress", moment("2020-04-01"), body="MTSSS"),
        Revision("M005", "2020-03", "in_progress", moment("2020-04-01")),
    )
    counts = stage_counts(snap(session, "2020-03"))
    assert (counts["not_started"], counts["in_progress"], counts["completed"]) == (2, 1, 1)
    assert (counts["continuous"], counts["continuous_running"], counts["total"]) == (2, 1, 6)


@pytest.mark.parametrize(
    ("as_of", "reported", "overdue"),
    [
        ("2020-11", "in_progress", False),  # M003's deadline, 31 Dec 2020, has not come
        ("2020-12", "in_progress", True),  # the deadline is the last day of the as-of month
        ("2021-01", "in_progress", True),
        ("2021-01", "completed", False),
    ],
)
def test_overdue_at_the_deadline_boundary(session, history, as_of, reported, overdue):
    history(Revision("M003", "2020-06", reported, moment("2020-07-01")))
    assert flags(snap(session, as_of), "M003")["overdue"] is overdue


def test_continuous_measures_are_never_overdue_or_stalled(session, history):
    history(Revision("M005", "2020-01", "in_progress", moment("2020-02-01")))
    state = snap(session, "2022-01", stalled_months=3)
    assert not flags(state, "M005")["overdue"] and not flags(state, "M006")["overdue"]
    assert not flags(state, "M005")["stalled"] and flags(state, "M005")["last_change"] == "2020-01"


@pytest.mark.parametrize(("as_of", "stalled"), [("2020-06", False), ("2020-07", True)])
def test_stalled_after_six_months_without_a_stage_change(session, history, as_of, stalled):
    history(
        Revision("M002", "2020-01", "in_progress", moment("2020-02-01"), body="MTSSS"),
        Revision("M002", "2020-04", "in_progress", moment("2020-05-01"), body="MTSSS"),  # same stage again
    )
    state = snap(session, as_of, stalled_months=6)
    assert flags(state, "M002")["stalled"] is stalled
    assert flags(state, "M002")["last_change"] == "2020-01"


def test_stalled_follows_the_setting(session, history, monkeypatch):
    from monitoring.settings import get_settings

    history(Revision("M002", "2020-01", "in_progress", moment("2020-02-01"), body="MTSSS"))
    monkeypatch.setenv("MONITORING_STALLED_MONTHS", "3")
    get_settings.cache_clear()
    assert flags(snap(session, "2020-04"), "M002")["stalled"]
    monkeypatch.setenv("MONITORING_STALLED_MONTHS", "4")
    get_settings.cache_clear()
    assert not flags(snap(session, "2020-04"), "M002")["stalled"]


def test_a_measure_reported_not_started_all_along_is_stalled_from_its_first_report(session, history):
    history(Revision("M002", "2020-01", "not_started", moment("2020-02-01"), body="MTSSS"))
    state = flags(snap(session, "2020-07"), "M002")
    assert state["last_change"] == "2020-01" and state["stalled"]


def test_never_reported_is_missing_not_stalled(session, history):
    history()
    state = snap(session, "2021-06")
    assert flags(state, "M002")["missing"] and not flags(state, "M002")["stalled"]
    assert flags(state, "M002")["last_change"] is None


def test_a_measure_that_went_back_from_completed_is_regressed_until_completed_again(session, history):
    history(
        Revision("M001", "2020-02", "completed", moment("2020-03-01")),
        Revision("M001", "2020-04", "in_progress", moment("2020-05-01")),
        Revision("M001", "2020-07", "completed", moment("2020-08-01")),
    )
    assert not flags(snap(session, "2020-03"), "M001")["regressed"]
    assert flags(snap(session, "2020-04"), "M001")["regressed"]
    assert flags(snap(session, "2020-06"), "M001")["regressed"]
    assert not flags(snap(session, "2020-07"), "M001")["regressed"]


def test_missing_means_no_report_for_the_month_itself_continuous_and_completed_included(session, history):
    history(
        Revision("M001", "2020-02", "completed", moment("2020-03-01")),
        Revision("M005", "2020-02", "in_progress", moment("2020-03-01")),
    )
    state = snap(session, "2020-03")
    assert flags(state, "M001")["missing"] and flags(state, "M005")["missing"]
    assert stage_counts(state)["missing"] == 6


# ---- month events on the two bases -----------------------------------------------------------


def test_a_month_sent_back_before_the_close_does_not_count_in_the_record(session, history):
    history(
        Revision("M001", "2020-03", "completed", moment("2020-04-02")),
        Event("MAI", "2020-03", "sent_back", moment("2020-04-05")),
    )
    assert stage(session, "M001", "2020-03") == "not_started"


def test_a_send_back_after_the_close_leaves_the_record_and_changes_the_corrections(session, history):
    history(
        Revision("M001", "2020-03", "completed", moment("2020-04-02")),
        Event("MAI", "2020-03", "submitted", moment("2020-04-02")),
        Event("MAI", "2020-03", "sent_back", moment("2020-05-05")),
    )
    assert stage(session, "M001", "2020-03") == "completed"
    assert stage(session, "M001", "2020-03", basis=Basis.CORRECTED) == "not_started"


def test_a_month_sent_back_and_submitted_again_counts_again(session, history):
    history(
        Revision("M001", "2020-03", "completed", moment("2020-04-02")),
        Event("MAI", "2020-03", "sent_back", moment("2020-04-03")),
        Event("MAI", "2020-03", "submitted", moment("2020-04-04")),
    )
    assert stage(session, "M001", "2020-03") == "completed"


def test_validated_only_reads_validation_as_of_the_basis(session, history):
    history(
        Revision("M001", "2020-03", "completed", moment("2020-04-02")),
        Event("MAI", "2020-03", "submitted", moment("2020-04-02")),
        Event("MAI", "2020-03", "validated", moment("2020-09-15")),  # validated long after the close
    )
    assert stage(session, "M001", "2020-03", validated_only=True) == "not_started"
    assert stage(session, "M001", "2020-03", basis=Basis.CORRECTED, validated_only=True) == "completed"


def test_a_month_unlocked_later_stays_validated_in_the_record(session, history):
    history(
        Revision("M001", "2020-03", "completed", moment("2020-04-02")),
        Event("MAI", "2020-03", "validated", moment("2020-04-05")),
        Event("MAI", "2020-03", "unlocked", moment("2020-06-01")),
    )
    assert stage(session, "M001", "2020-03", validated_only=True) == "completed"
    assert stage(session, "M001", "2020-03", basis=Basis.CORRECTED, validated_only=True) == "not_started"


# ---- the closing moment in Lisbon, summer time included -----------------------------------


@pytest.mark.parametrize(
    ("month", "closing_day", "last_on_time", "first_late"),
    [
        # winter (UTC+0): December closes at the end of 10 January
        ("2020-12", 10, "2021-01-10T23:59:59+00:00", "2021-01-11T00:00:00+00:00"),
        # summer (UTC+1): June closes at the end of 10 July, 23:00 UTC
        ("2020-06", 10, "2020-07-10T23:59:59+01:00", "2020-07-11T00:00:00+01:00"),
        # the last Sunday of March 2021 (28th) has 23 hours: clocks go forward at 01:00
        ("2021-02", 28, "2021-03-28T23:59:59+01:00", "2021-03-29T00:00:00+01:00"),
        # the last Sunday of October 2020 (25th) has 25 hours: clocks go back at 02:00
        ("2020-09", 25, "2020-10-25T23:59:59+00:00", "2020-10-26T00:00:00+00:00"),
    ],
)
def test_the_record_closes_at_midnight_in_lisbon(
    session, history, monkeypatch, month, closing_day, last_on_time, first_late
):
    from monitoring.settings import get_settings

    monkeypatch.setenv("MONITORING_CLOSING_DAY", str(closing_day))
    get_settings.cache_clear()
    assert as_of_moment(PLAN, month) == moment(first_late)
    history(Revision("M001", month, "in_progress", moment(last_on_time)))
    assert stage(session, "M001", month) == "in_progress"
    history(Revision("M001", month, "in_progress", moment(first_late)))
    assert stage(session, "M001", month) == "not_started"


def test_a_plan_in_another_time_zone_closes_at_its_own_midnight():
    azores = make_plan(measures=2, plan=PLAN.plan.model_copy(update={"timezone": "Atlantic/Azores"}))
    assert as_of_moment(azores, "2021-01") == moment("2021-02-11T01:00:00+00:00")  # UTC-1 in winter


# ---- rollups and indicators ----------------------------------------------------------------


def test_progress_by_axis(session, history):
    history(
        Revision("M001", "2020-03", "completed", moment("2020-04-01")),
        Revision("M003", "2020-03", "in_progress", moment("2020-04-01")),
    )
    table = progress_by(snap(session, "2021-01"), PLAN, "axis")
    e1 = table.set_index("axis").loc["E1"]
    # E1: M001 completed, M003 in progress and overdue (31 Dec 2020), M005 continuous.
    assert (e1["completed"], e1["in_progress"], e1["continuous"], e1["overdue"], e1["total"]) == (
        1,
        1,
        1,
        1,
        3,
    )
    assert e1["completion_rate"] == 0.5


def test_stage_changes_since_an_earlier_month(session, history):
    history(
        Revision("M001", "2020-01", "in_progress", moment("2020-02-01")),
        Revision("M001", "2020-05", "completed", moment("2020-06-01")),
        Revision("M002", "2020-05", "in_progress", moment("2020-06-01"), body="MTSSS"),
    )
    changes = stage_changes(snap(session, "2020-02"), snap(session, "2020-06"))
    assert changes.values.tolist() == [
        ["M001", "in_progress", "completed"],
        ["M002", "not_started", "in_progress"],
    ]


@pytest.mark.parametrize(
    ("values", "status", "percent"),
    [
        # I001 of M001: baseline 0 on 2019-08-21, target 100 on 2022-12-31, up is good.
        ({"2020-12": 50}, "on_track", 50.0),  # 50 in 496 days projects to 124 by the target date
        ({"2020-12": 40}, "off_track", 40.0),  # 40 in 496 days projects to 99: just short
        ({"2020-12": 5}, "off_track", 5.0),
        ({"2020-12": 120}, "reached", 120.0),
        ({}, "no_data", None),
    ],
)
def test_indicator_projection_to_the_target_date(values, status, percent):
    series = pd.DataFrame(
        [("I001", m, v) for m, v in values.items()], columns=["indicator", "month", "value"]
    )
    row = indicator_status(PLAN, series, as_of="2021-01").set_index("indicator").loc["I001"]
    assert row["status"] == status and row["percent_of_target"] == percent


def test_readme_states_the_rules_as_written_in_progress():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rules: from monitoring/progress.py -->\n", 1)[-1].split("<!-- rules end -->")[
        0
    ]
    assert block == rules_text(), (
        "README's rules differ from monitoring/progress.py's docstring:\n" + rules_text()
    )

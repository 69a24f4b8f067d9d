"""Progress on small hand-made histories; every expected number is worked out by hand.

Plan: make_plan(6, continuous=2). Deadlines: M001 2021-12-31, M002 2022-12-31, M003 2020-12-31,
M004 2021-12-31; M005 and M006 are continuous. Odd measures are axis E1, even ones E2.
Reporting closes on the 10th of the next month.
"""

from __future__ import annotations

import pandas as pd
import pytest

from monitoring.progress import (
    REVISION_COLUMNS,
    indicator_status,
    progress_by,
    snapshot,
    stage_changes,
    stage_counts,
    tidy,
)
from tests.factories import make_plan

PLAN = make_plan(measures=6, continuous=2)


def history(*rows) -> pd.DataFrame:
    """rows: (measure, month, stage, submitted 'YYYY-MM-DD'); ids in the order given."""
    frame = pd.DataFrame(
        [
            (n, measure, month, "MAI", stage, None, None, pd.Timestamp(day, tz="UTC"), False, "app")
            for n, (measure, month, stage, day) in enumerate(rows, start=1)
        ],
        columns=REVISION_COLUMNS,
    )
    return frame


def flags(snap, measure: str) -> dict:
    return snap.measures.set_index("measure").loc[measure].to_dict()


def test_a_revision_submitted_after_the_as_of_moment_does_not_count():
    revisions = history(("M001", "2020-03", "in_progress", "2020-04-20"))  # after 10 April
    assert flags(snapshot(PLAN, revisions, as_of="2020-03", closing_day=10), "M001")["stage"] == "not_started"
    assert flags(snapshot(PLAN, revisions, as_of="2020-04", closing_day=10), "M001")["stage"] == "in_progress"


def test_a_revision_on_the_closing_day_counts():
    revisions = history(("M001", "2020-03", "in_progress", "2020-04-10"))
    assert flags(snapshot(PLAN, revisions, as_of="2020-03", closing_day=10), "M001")["stage"] == "in_progress"


def test_the_latest_revision_of_a_month_is_its_state():
    revisions = history(
        ("M001", "2020-03", "completed", "2020-04-01"),
        ("M001", "2020-03", "in_progress", "2020-04-02"),
    )
    assert tidy(revisions, as_of="2020-03", closing_day=10)["stage"].tolist() == ["in_progress"]


def test_stage_carries_forward_until_the_next_report():
    revisions = history(("M003", "2019-10", "in_progress", "2019-11-05"))
    assert flags(snapshot(PLAN, revisions, as_of="2020-06", closing_day=10), "M003")["stage"] == "in_progress"


def test_counts_keep_continuous_measures_apart():
    revisions = history(
        ("M001", "2020-03", "completed", "2020-04-01"),
        ("M002", "2020-03", "in_progress", "2020-04-01"),
        ("M005", "2020-03", "in_progress", "2020-04-01"),
    )
    counts = stage_counts(snapshot(PLAN, revisions, as_of="2020-03", closing_day=10))
    assert (counts["not_started"], counts["in_progress"], counts["completed"]) == (2, 1, 1)
    assert (counts["continuous"], counts["continuous_running"], counts["total"]) == (2, 1, 6)


@pytest.mark.parametrize(
    ("as_of", "stage", "overdue"),
    [
        ("2020-11", "in_progress", False),  # M003's deadline, 31 Dec 2020, has not come
        ("2020-12", "in_progress", True),  # the deadline is the last day of the as-of month
        ("2021-01", "in_progress", True),
        ("2021-01", "completed", False),
    ],
)
def test_overdue_at_the_deadline_boundary(as_of, stage, overdue):
    revisions = history(("M003", "2020-06", stage, "2020-07-01"))
    assert flags(snapshot(PLAN, revisions, as_of=as_of, closing_day=10), "M003")["overdue"] is overdue


def test_continuous_measures_are_never_overdue():
    snap = snapshot(PLAN, history(), as_of="2024-01", closing_day=10)
    assert not flags(snap, "M005")["overdue"] and not flags(snap, "M006")["overdue"]


@pytest.mark.parametrize(("as_of", "stalled"), [("2020-06", False), ("2020-07", True)])
def test_stalled_after_six_months_without_a_stage_change(as_of, stalled):
    revisions = history(
        ("M002", "2020-01", "in_progress", "2020-02-01"),
        ("M002", "2020-04", "in_progress", "2020-05-01"),  # reported again, same stage
    )
    snap = snapshot(PLAN, revisions, as_of=as_of, stalled_months=6, closing_day=10)
    assert flags(snap, "M002")["stalled"] is stalled
    assert flags(snap, "M002")["last_change"] == "2020-01"


def test_never_reported_is_missing_not_stalled():
    snap = snapshot(PLAN, history(), as_of="2021-06", closing_day=10)
    assert flags(snap, "M002")["missing"] and not flags(snap, "M002")["stalled"]


def test_a_measure_that_went_back_from_completed_is_regressed():
    revisions = history(
        ("M001", "2020-02", "completed", "2020-03-01"),
        ("M001", "2020-04", "in_progress", "2020-05-01"),
    )
    assert not flags(snapshot(PLAN, revisions, as_of="2020-03", closing_day=10), "M001")["regressed"]
    assert flags(snapshot(PLAN, revisions, as_of="2020-04", closing_day=10), "M001")["regressed"]


def test_missing_means_no_report_for_the_month_itself():
    revisions = history(("M001", "2020-02", "in_progress", "2020-03-01"))
    snap = snapshot(PLAN, revisions, as_of="2020-03", closing_day=10)
    assert flags(snap, "M001")["missing"] and stage_counts(snap)["missing"] == 6


def test_progress_by_axis():
    revisions = history(
        ("M001", "2020-03", "completed", "2020-04-01"),
        ("M003", "2020-03", "in_progress", "2020-04-01"),
    )
    table = progress_by(snapshot(PLAN, revisions, as_of="2021-01", closing_day=10), PLAN, "axis")
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


def test_stage_changes_since_an_earlier_month():
    revisions = history(
        ("M001", "2020-01", "in_progress", "2020-02-01"),
        ("M001", "2020-05", "completed", "2020-06-01"),
        ("M002", "2020-05", "in_progress", "2020-06-01"),
    )
    changes = stage_changes(PLAN, revisions, since="2020-02", as_of="2020-06")
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

"""The record of a past month never changes behind the reader; the corrected view does.

SEF reports March 2020 on 5 April (the month closes at the end of 10 April, Lisbon time); then,
after the close: validated, unlocked, reopened, corrected late, sent back.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import delete, func, select

from monitoring.export import balance_tables
from monitoring.progress import Basis, live_snapshot
from monitoring.reporting import reopen_month, send_back, submit_reports, unlock_month, validate_month
from monitoring.snapshots import snapshot_as_of
from monitoring.tables import ProgressSnapshot
from tests.factories import make_plan

PLAN = make_plan(measures=6, continuous=2)
MONTH = "2020-03"


def at(month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2020, month, day, hour, tzinfo=dt.UTC)


@pytest.fixture
def reported(session, world):
    rows = [
        {"measure": "M001", "stage": "completed", "evidence": "https://example.org/m001", "done": "Done"},
        {"measure": "M003", "stage": "in_progress", "done": "Under way"},
    ]
    assert submit_reports(session, actor=world["fp_sef"], month=MONTH, rows=rows, now=at(4, 5)).ok
    session.commit()
    return world


def later_events(session, world) -> None:
    """Everything that can happen to SEF's March after it closed."""
    validate_month(session, actor=world["validator_sef"], month=MONTH, body="SEF", now=at(5, 2))
    unlock_month(session, actor=world["secretariat"], month=MONTH, body="SEF", reason="Typo", now=at(5, 3))
    reopen_month(session, actor=world["secretariat"], month=MONTH, body="SEF", reason="Fix", now=at(5, 3, 13))
    row = {"measure": "M001", "stage": "in_progress", "justification": "Not finished after all"}
    assert submit_reports(session, actor=world["fp_sef"], month=MONTH, rows=[row], now=at(5, 4)).ok
    send_back(
        session, actor=world["validator_sef"], month=MONTH, body="SEF", comment="Check M003", now=at(5, 5)
    )
    session.commit()


def balance(session, basis: Basis, now: dt.datetime):
    return balance_tables(session, as_of=MONTH, since="2020-01", basis=basis, now=now)


def same_tables(one, other) -> bool:
    try:
        for name in one.tables:
            pd.testing.assert_frame_equal(one.tables[name], other.tables[name])
    except AssertionError:
        return False
    return one.counts == other.counts


def test_a_past_balance_is_the_same_after_later_events_on_the_record_and_not_with_corrections(
    session, reported
):
    record_before = balance(session, Basis.RECORD, at(5, 1))
    corrected_before = balance(session, Basis.CORRECTED, at(5, 1))
    assert record_before.counts["completed"] == 1 and same_tables(record_before, corrected_before)
    later_events(session, reported)
    record_after = balance(session, Basis.RECORD, at(6, 1))
    corrected_after = balance(session, Basis.CORRECTED, at(6, 1))
    assert same_tables(record_before, record_after)
    assert not same_tables(corrected_before, corrected_after)
    assert corrected_after.counts["completed"] == 0  # SEF's March is sent back now: it does not count
    # ... and the record is not merely read back from the table: computed afresh, it is the same.
    session.execute(delete(ProgressSnapshot))
    assert same_tables(record_before, balance(session, Basis.RECORD, at(6, 1)))


def test_validated_only_on_each_basis_reads_validation_as_of_its_moment(session, reported):
    later_events(session, reported)
    for basis, now in (
        (Basis.RECORD, at(5, 2, 13)),
        (Basis.CORRECTED, at(5, 2, 13)),
        (Basis.CORRECTED, at(6, 1)),
    ):
        state = live_snapshot(session, PLAN, as_of=MONTH, basis=basis, validated_only=True, now=now)
        completed = state.measures.set_index("measure").at["M001", "stage"] == "completed"
        # validated on 2 May: not in the record of March; in the corrections until the unlock on 3 May
        assert completed is (basis is Basis.CORRECTED and now == at(5, 2, 13)), (basis, now)


def events(session, world, kind: str) -> None:
    secretariat, validator = world["secretariat"], world["validator_sef"]
    if kind in ("validated", "unlocked"):
        validate_month(session, actor=validator, month=MONTH, body="SEF", now=at(5, 2))
    if kind == "unlocked":
        unlock_month(session, actor=secretariat, month=MONTH, body="SEF", reason="Typo", now=at(5, 3))
    if kind == "sent_back":
        send_back(session, actor=validator, month=MONTH, body="SEF", comment="Check", now=at(5, 2))
    if kind == "reopened":
        reopen_month(session, actor=secretariat, month=MONTH, body="SEF", reason="Late", now=at(5, 2))
    if kind == "late_report":
        row = {"measure": "M003", "stage": "completed", "evidence": "https://example.org/m003"}
        assert submit_reports(session, actor=secretariat, month=MONTH, rows=[row], now=at(5, 2)).ok
    if kind == "report_dated_before_the_close":  # written now, dated in the past (as the demo does)
        row = {"measure": "M002", "stage": "in_progress"}
        assert submit_reports(session, actor=secretariat, month=MONTH, rows=[row], now=at(4, 9)).ok
    session.commit()


@pytest.mark.parametrize(
    "kind", ["validated", "unlocked", "sent_back", "reopened", "late_report", "report_dated_before_the_close"]
)
def test_a_stored_snapshot_equals_a_fresh_computation_after_each_kind_of_event(session, reported, kind):
    from monitoring.reporting import chosen_plan

    version, plan = chosen_plan(session)
    for validated_only in (False, True):
        snapshot_as_of(session, version, plan, as_of=MONTH, validated_only=validated_only, now=at(5, 1))
    session.commit()
    assert session.scalar(select(func.count()).select_from(ProgressSnapshot)) == 2 * len(plan.measures)
    events(session, reported, kind)
    for basis in Basis:
        for validated_only in (False, True):
            view = {"as_of": MONTH, "basis": basis, "validated_only": validated_only, "now": at(6, 1)}
            stored = snapshot_as_of(session, version, plan, **view).measures
            pd.testing.assert_frame_equal(stored, live_snapshot(session, plan, **view).measures)

"""The product's as-of computation agrees with a second one, written in plain SQL from the rules
(tests/asof_sql.py), on generated histories: revisions and every kind of month event, dated
around closing moments (to the microsecond, in winter and summer time), late reports, ties,
both bases, validated only or not, months still open or stored.

ASOF_EXAMPLES sets the number of histories (300 by default); CI runs it on both databases.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring.months import add_months, months_between
from monitoring.progress import Basis, live_snapshot
from monitoring.snapshots import snapshot_as_of
from tests.asof_sql import COLUMNS, as_of_rows, closing_cut
from tests.factories import make_plan
from tests.history import Event, Revision, prepare, write

PLAN = make_plan(measures=6, continuous=2)  # deadlines 2020-12-31 (M003), 2021-12-31, 2022-12-31
MONTHS = months_between("2020-08", "2021-04")  # around M003's deadline, both changes of clock
BODIES = {"M001": ("MAI", "SEF"), "M002": ("MTSSS", "IEFP"), "M003": ("MAI", "SEF"),
          "M004": ("MTSSS", "IEFP"), "M005": ("MAI", "SEF"), "M006": ("MTSSS", "IEFP")}  # fmt: skip
EVENTS = ("submitted", "validated", "sent_back", "unlocked", "reopened")
# Offsets from a closing moment: far before, just before, on it, just after, far after.
OFFSETS = [dt.timedelta(**{unit: sign * n}) for unit, n in (("days", 40), ("days", 1), ("hours", 1),
           ("seconds", 1), ("microseconds", 1)) for sign in (-1, 1)] + [dt.timedelta(0)]  # fmt: skip
EXAMPLES = int(os.environ.get("ASOF_EXAMPLES", "300"))


def cut(month: str) -> dt.datetime:
    return closing_cut(month, 10, "Europe/Lisbon")


@st.composite
def dated(draw, month: str) -> dt.datetime:
    """A moment near the closing of `month` or of a month after it."""
    anchor = draw(st.sampled_from([m for m in MONTHS if m >= month] or [month]))
    return cut(anchor) + draw(st.sampled_from(OFFSETS))


@st.composite
def revision(draw) -> Revision:
    measure = draw(st.sampled_from(sorted(BODIES)))
    month = draw(st.sampled_from(MONTHS))
    stage = draw(st.sampled_from(("not_started", "in_progress", "completed")))
    return Revision(measure, month, stage, draw(dated(month)), body=draw(st.sampled_from(BODIES[measure])))


@st.composite
def event(draw) -> Event:
    month = draw(st.sampled_from(MONTHS))
    body = draw(st.sampled_from(("MAI", "MTSSS", "SEF", "IEFP")))
    return Event(body, month, draw(st.sampled_from(EVENTS)), draw(dated(month)))


@st.composite
def case(draw):
    items = draw(st.lists(st.one_of(revision(), revision(), event()), max_size=24))
    as_of = draw(st.lists(st.sampled_from(MONTHS), min_size=1, max_size=2, unique=True))
    now = cut(draw(st.sampled_from(MONTHS))) + draw(st.sampled_from(OFFSETS + [dt.timedelta(hours=2)]))
    return items, as_of, now, draw(st.sampled_from((1, 2, 3, 6)))


@pytest.fixture
def world(session):
    return session, *prepare(session, PLAN)


def sql_rows(session, version, as_of: str, moment: dt.datetime, validated_only: bool, stalled: int):
    rows = as_of_rows(session.connection(), plan_code="TEST", version_id=version.id, as_of=as_of, cut=moment,
                      validated_only=validated_only, stalled_months=stalled)  # fmt: skip
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def product_rows(snapshot) -> list[dict]:
    frame = snapshot.measures
    return [
        {"measure": r.measure, "stage": r.stage, "continuous": int(r.continuous), "overdue": int(r.overdue),
         "stalled": int(r.stalled), "regressed": int(r.regressed), "missing": int(r.missing),
         "last_change": r.last_change, "last_revision": r.last_revision}
        for r in frame.itertuples(index=False)
    ]  # fmt: skip


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=case())
def test_the_product_agrees_with_sql_written_from_the_rules(world, generated):
    session, version, author = world
    items, months, now, stalled = generated
    write(session, version, author, items)
    for as_of in months:
        for basis in Basis:
            moment = cut(as_of) if basis is Basis.RECORD else now
            for validated_only in (False, True):
                expected = sql_rows(session, version, as_of, moment, validated_only, stalled)
                view = {"as_of": as_of, "basis": basis, "validated_only": validated_only, "now": now,
                        "stalled_months": stalled}  # fmt: skip
                live = product_rows(live_snapshot(session, PLAN, **view))
                assert live == expected, (as_of, basis, validated_only, items)
                # The view pages read: stored once settled (the record), read back the second time.
                assert product_rows(snapshot_as_of(session, version, PLAN, **view)) == expected
                assert product_rows(snapshot_as_of(session, version, PLAN, **view)) == expected
    session.commit()


def test_the_sql_closes_the_month_where_the_product_does():
    from monitoring.progress import as_of_moment

    for month in months_between("2020-01", add_months("2020-01", 23)):
        assert cut(month) == as_of_moment(PLAN, month)

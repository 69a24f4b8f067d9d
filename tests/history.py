"""Histories written straight into the tables (revisions and month events with the ids, dates and
states a test needs), for the as-of computations; services are tested on their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from monitoring.auth import Role, create_user
from monitoring.plan_store import load_plan
from monitoring.tables import (
    BodyMonthEvent,
    IndicatorValue,
    PlanVersion,
    ProgressSnapshot,
    StatusRevision,
    User,
)
from plan import Plan


@dataclass(frozen=True)
class Revision:
    measure: str
    month: str
    stage: str
    at: dt.datetime
    body: str = "MAI"
    value: float | None = None  # the measure's first indicator


@dataclass(frozen=True)
class Event:
    body: str
    month: str
    event: str
    at: dt.datetime


def moment(text: str) -> dt.datetime:
    """'2020-04-20' (noon UTC) or '2020-04-10T23:59:59+01:00'."""
    if "T" not in text:
        text += "T12:00:00+00:00"
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def prepare(session: Session, plan: Plan) -> tuple[PlanVersion, int]:
    """The plan loaded and one author, once per database."""
    version = load_plan(session, plan).version
    author = session.scalar(select(User.id).where(User.email == "history@example.pt"))
    if author is None:
        author = create_user(session, email="history@example.pt", name="History", role=Role.SECRETARIAT,
                             password="history password").id  # fmt: skip
    session.commit()
    return version, author


def write(session: Session, version: PlanVersion, author: int, items: list[Revision | Event]) -> None:
    """Replace the plan's history by `items`, stored in the order given (ids follow it)."""
    code = version.plan_code
    revision_ids = select(StatusRevision.id).where(StatusRevision.plan_code == code)
    session.execute(delete(IndicatorValue).where(IndicatorValue.revision_id.in_(revision_ids)))
    for table in (StatusRevision, BodyMonthEvent, ProgressSnapshot):
        session.execute(delete(table).where(table.plan_code == code))
    events = [
        {
            "plan_code": code,
            "month": e.month,
            "body_code": e.body,
            "event": e.event,
            "actor_id": author,
            "at": e.at,
        }
        for e in items
        if isinstance(e, Event)
    ]
    if events:
        session.execute(insert(BodyMonthEvent), events)
    revisions = [r for r in items if isinstance(r, Revision)]
    rows = [
        {"plan_code": code, "plan_version_id": version.id, "measure_code": r.measure, "month": r.month,
         "body_code": r.body, "stage": r.stage, "author_id": author, "submitted_at": r.at}
        for r in revisions
    ]  # fmt: skip
    if rows:  # in the order given, so ids follow it
        ids = session.scalars(
            insert(StatusRevision).returning(StatusRevision.id, sort_by_parameter_order=True), rows
        )
        values = [
            {"revision_id": revision_id, "indicator_code": "I" + r.measure[1:], "value": r.value}
            for revision_id, r in zip(ids.all(), revisions, strict=True)
            if r.value is not None
        ]
        if values:
            session.execute(insert(IndicatorValue), values)
    session.commit()

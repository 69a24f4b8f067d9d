"""Who changed what, when, with the old and new values: read from the append-only history."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from monitoring.reporting import REPORT_FIELDS, indicator_values
from monitoring.tables import BodyMonthEvent, StatusRevision, User

FIELDS = REPORT_FIELDS
COLUMNS = ["revision", "at", "author", "email", "measure", "month", "body", "channel", "field", "old", "new"]


def audit_trail(
    session: Session,
    *,
    plan_code: str,
    measure: str | None = None,
    month: str | None = None,
    limit: int = 2000,
) -> pd.DataFrame:
    """One row per changed field of each revision, newest first. A revision is compared with
    the one before it for the same measure (the month before, for a month's first report)."""
    query = select(StatusRevision, User.name, User.email).join(User, User.id == StatusRevision.author_id)
    query = query.where(StatusRevision.plan_code == plan_code)
    if measure:
        query = query.where(StatusRevision.measure_code == measure)
    rows = session.execute(
        query.order_by(StatusRevision.measure_code, StatusRevision.month, StatusRevision.id)
    )
    rows = rows.all()
    values = indicator_values(session, [r.id for r, _, _ in rows])
    changes, before = [], {}
    for revision, name, email in rows:
        state = _state(revision, values.get(revision.id, {}))
        previous = before.get(revision.measure_code, {})
        if month is None or revision.month == month:
            changes += [
                [
                    revision.id,
                    revision.submitted_at,
                    name,
                    email,
                    revision.measure_code,
                    revision.month,
                    revision.body_code,
                    revision.channel,
                    key,
                    previous.get(key),
                    new,
                ]
                for key, new in state.items()
                if previous.get(key) != new and not (key not in previous and new in (None, "", "[]"))
            ]
        before[revision.measure_code] = state
    frame = pd.DataFrame(changes, columns=COLUMNS)
    return (
        frame.sort_values(["revision", "field"], ascending=[False, True]).head(limit).reset_index(drop=True)
    )


def _state(revision: StatusRevision, values: dict[str, float]) -> dict[str, object]:
    state: dict[str, object] = {name: getattr(revision, name) for name in FIELDS}
    state["evidence"] = " ".join(json.loads(revision.evidence))
    state |= {f"indicator {code}": value for code, value in sorted(values.items())}
    return state


def month_events(session: Session, *, plan_code: str, month: str | None = None) -> pd.DataFrame:
    """Submissions, validations, send-backs, unlocks and reopenings, with their reasons."""
    query = select(BodyMonthEvent, User.name).join(User, User.id == BodyMonthEvent.actor_id)
    query = query.where(BodyMonthEvent.plan_code == plan_code)
    if month:
        query = query.where(BodyMonthEvent.month == month)
    rows = [
        {
            "at": e.at,
            "month": e.month,
            "body": e.body_code,
            "event": e.event,
            "comment": e.comment,
            "open_until": e.open_until,
            "by": name,
        }
        for e, name in session.execute(query.order_by(BodyMonthEvent.id.desc()))
    ]
    return pd.DataFrame(rows, columns=["at", "month", "body", "event", "comment", "open_until", "by"])


def measure_history(session: Session, *, plan_code: str, measure: str) -> pd.DataFrame:
    """A measure month by month: the current (latest) revision of each month, with who reported."""
    query = (
        select(StatusRevision, User.name)
        .join(User, User.id == StatusRevision.author_id)
        .where(StatusRevision.plan_code == plan_code, StatusRevision.measure_code == measure)
        .order_by(StatusRevision.month, StatusRevision.id)
    )
    latest = {revision.month: (revision, name) for revision, name in session.execute(query)}
    values = indicator_values(session, [r.id for r, _ in latest.values()])
    rows = [
        {
            "month": month,
            "stage": r.stage,
            "pace": r.pace,
            "percent": r.percent,
            "done": r.done,
            "obstacles": r.obstacles,
            "next_steps": r.next_steps,
            "evidence": json.loads(r.evidence),
            "indicators": values.get(r.id, {}),
            "author": name,
            "submitted_at": r.submitted_at,
            "late": r.late,
        }
        for month, (r, name) in sorted(latest.items(), reverse=True)
    ]
    columns = [
        "month",
        "stage",
        "pace",
        "percent",
        "done",
        "obstacles",
        "next_steps",
        "evidence",
        "indicators",
        "author",
        "submitted_at",
        "late",
    ]
    return pd.DataFrame(rows, columns=columns)

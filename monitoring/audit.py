"""Who changed what, when, with the old and new values: read from the append-only history."""

from __future__ import annotations

import itertools
import json

import pandas as pd
from sqlalchemy import func, select
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
    """One row per changed field of each revision, newest first, at most `limit` rows. A revision
    is compared with the one before it for the same measure (the month before, for a month's
    first report). Revisions are read newest first, a batch at a time, each with the one before
    it, until `limit` changes are found: what is read does not grow with the history."""
    revisions = StatusRevision.__table__
    mine = [revisions.c.plan_code == plan_code] + ([revisions.c.measure_code == measure] if measure else [])
    previous = func.lag(revisions.c.id).over(
        partition_by=revisions.c.measure_code, order_by=(revisions.c.month, revisions.c.id)
    )
    ordered = select(revisions.c.id, revisions.c.month, previous.label("previous")).where(*mine).subquery()
    newest = select(ordered.c.id, ordered.c.previous).order_by(ordered.c.id.desc())
    if month:
        newest = newest.where(ordered.c.month == month)
    changes: list[list] = []
    for offset in itertools.count(0, limit):
        pairs = session.execute(newest.limit(limit).offset(offset)).all()
        changes += _changes(session, pairs)
        if len(changes) >= limit or len(pairs) < limit:
            break
    frame = pd.DataFrame(changes, columns=COLUMNS)
    return (
        frame.sort_values(["revision", "field"], ascending=[False, True]).head(limit).reset_index(drop=True)
    )


def _changes(session: Session, pairs: list) -> list[list]:
    """The changed fields of each (revision, the one before it) in `pairs`."""
    revisions = StatusRevision.__table__
    ids = sorted({i for pair in pairs for i in pair if i is not None})
    if not ids:
        return []
    query = (
        select(revisions, User.name.label("author"), User.email.label("author_email"))
        .join(User, User.id == revisions.c.author_id)
        .where(revisions.c.id.in_(ids))
    )
    rows = {row.id: row for row in session.execute(query)}
    values = indicator_values(session, ids)
    changes = []
    for revision_id, before_id in pairs:
        row = rows[revision_id]
        state = _state(row, values.get(revision_id, {}))
        previous = _state(rows[before_id], values.get(before_id, {})) if before_id is not None else {}
        changes += [
            [row.id, row.submitted_at, row.author, row.author_email, row.measure_code, row.month,
             row.body_code, row.channel, key, previous.get(key), new]
            for key, new in state.items()
            if previous.get(key) != new and not (key not in previous and new in (None, "", "[]"))
        ]  # fmt: skip
    return changes


def _state(revision, values: dict[str, float]) -> dict[str, object]:
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

"""A hash chain over the report history, so a row changed or removed outside the app is found.

Each revision's `chain_hash` is SHA-256 of the previous revision's hash (in id order, per plan)
and of the revision's own content, indicator values included. The plan's `audit_head` holds the
last link; it is locked while a submission writes, so links follow id order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from monitoring.tables import AuditHead, IndicatorValue, StatusRevision

GENESIS = "0" * 64
CONTENT = (
    "id",
    "plan_code",
    "plan_version_id",
    "measure_code",
    "month",
    "body_code",
    "stage",
    "pace",
    "percent",
    "done",
    "obstacles",
    "next_steps",
    "evidence",
    "justification",
    "outlier_note",
    "author_id",
    "late",
    "channel",
)


def link(previous: str, revision: StatusRevision, values: dict[str, float]) -> str:
    """The hash that chains `revision` (and its indicator values) to the one before it."""
    content = {name: getattr(revision, name) for name in CONTENT}
    content["submitted_at"] = revision.submitted_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    content["values"] = {code: repr(float(value)) for code, value in sorted(values.items())}
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((previous + data).encode("utf-8")).hexdigest()


def lock_head(session: Session, plan_code: str) -> AuditHead:
    """The plan's chain head, locked until commit. The first submissions of a plan may meet
    here, so the head is created with "insert unless it exists" before it is locked."""
    dialect = session.get_bind().dialect.name
    upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    values = {"plan_code": plan_code, "last_revision_id": 0, "last_hash": GENESIS}
    session.execute(upsert(AuditHead).values(**values).on_conflict_do_nothing())
    query = select(AuditHead).where(AuditHead.plan_code == plan_code).with_for_update()
    return session.scalars(query.execution_options(populate_existing=True)).one()


def extend_chain(session: Session, head: AuditHead) -> int:
    """Link every revision written after the head's last one; returns how many were linked."""
    revisions = session.scalars(
        select(StatusRevision)
        .where(StatusRevision.plan_code == head.plan_code, StatusRevision.id > head.last_revision_id)
        .order_by(StatusRevision.id)
    ).all()
    values = _values(session, [r.id for r in revisions])
    previous = head.last_hash
    for revision in revisions:
        previous = link(previous, revision, values.get(revision.id, {}))
        session.execute(
            update(StatusRevision).where(StatusRevision.id == revision.id).values(chain_hash=previous)
        )
    if revisions:
        head.last_revision_id, head.last_hash = revisions[-1].id, previous
        session.add(head)
        session.flush()
    return len(revisions)


def _values(session: Session, ids: list[int]) -> dict[int, dict[str, float]]:
    values: dict[int, dict[str, float]] = {}
    for start in range(0, len(ids), 1000):
        query = select(IndicatorValue).where(IndicatorValue.revision_id.in_(ids[start : start + 1000]))
        for row in session.scalars(query):
            values.setdefault(row.revision_id, {})[row.indicator_code] = row.value
    return values


@dataclass(frozen=True)
class ChainProblem:
    revision_id: int | None
    what: str  # "changed_or_inserted", "missing_link", "head_mismatch"


def verify_chain(session: Session, plan_code: str) -> tuple[int, list[ChainProblem]]:
    """Recompute the chain over the whole history; returns the revisions checked and every
    place where it breaks (a changed, inserted or removed row, or a head that does not match)."""
    revisions = session.scalars(
        select(StatusRevision).where(StatusRevision.plan_code == plan_code).order_by(StatusRevision.id)
    ).all()
    values = _values(session, [r.id for r in revisions])
    problems, previous = [], GENESIS
    for revision in revisions:
        expected = link(previous, revision, values.get(revision.id, {}))
        if revision.chain_hash is None:
            problems.append(ChainProblem(revision.id, "missing_link"))
        elif revision.chain_hash != expected:
            problems.append(ChainProblem(revision.id, "changed_or_inserted"))
        previous = revision.chain_hash or expected
    head = session.scalars(select(AuditHead).where(AuditHead.plan_code == plan_code)).first()
    last_id = revisions[-1].id if revisions else 0
    if revisions and (head is None or (head.last_revision_id, head.last_hash) != (last_id, previous)):
        problems.append(ChainProblem(head.last_revision_id if head else None, "head_mismatch"))
    return len(revisions), problems

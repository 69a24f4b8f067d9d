"""Stored snapshots: the record of a closed month, computed once and read back from then on.

The record as of month M reads only what was dated before M's closing moment, so once that
moment has passed it cannot change (see the rules in `monitoring.progress`). It is stored the
first time someone asks for it after the moment has passed by `SETTLE` (a submission that
started just before the close has committed by then) and read back from the table afterwards.
A month still open, and the view with later corrections, are computed when asked.

The stored rows are keyed by plan version, month, basis, validated-only, the moment read up to
(so a new closing day or time zone is a new key) and the stalled threshold. Writing history
with a date in the past (the demo history, a test) forgets the stored months it could change.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from monitoring.months import as_utc
from monitoring.progress import STAGES, Basis, Snapshot, basis_moment, live_snapshot
from monitoring.settings import get_settings
from monitoring.tables import PlanVersion, ProgressSnapshot
from plan import Plan

SETTLE = dt.timedelta(hours=1)
FLAGS = ("overdue", "stalled", "regressed", "missing")
STORED = (
    ProgressSnapshot.measure_code, ProgressSnapshot.stage, ProgressSnapshot.overdue, ProgressSnapshot.stalled,
    ProgressSnapshot.regressed, ProgressSnapshot.missing, ProgressSnapshot.last_change,
    ProgressSnapshot.last_revision_id,
)  # fmt: skip


def settled(moment: dt.datetime, now: dt.datetime | None = None) -> bool:
    """Whether nothing dated before `moment` can still arrive."""
    return as_utc(now or dt.datetime.now(dt.UTC)) >= as_utc(moment) + SETTLE


def snapshot_as_of(
    session: Session,
    version: PlanVersion,
    plan: Plan,
    *,
    as_of: str,
    basis: Basis = Basis.RECORD,
    validated_only: bool = False,
    now: dt.datetime | None = None,
    stalled_months: int | None = None,
) -> Snapshot:
    """The snapshot of a month: read from the table for a settled record, else computed (and, for
    a settled record, stored for next time)."""
    stalled_months = stalled_months or get_settings().stalled_months
    basis = Basis(basis)
    moment = basis_moment(plan, as_of, basis, now=now)
    if basis is not Basis.RECORD or not settled(moment, now):
        return live_snapshot(session, plan, as_of=as_of, basis=basis, validated_only=validated_only,
                             now=now, stalled_months=stalled_months)  # fmt: skip
    key = _key(version, as_of, basis, validated_only, moment, stalled_months)
    stored = stored_snapshot(session, plan, key)
    if stored is not None:
        return stored
    snap = live_snapshot(session, plan, as_of=as_of, basis=basis, validated_only=validated_only,
                         now=now, stalled_months=stalled_months)  # fmt: skip
    _store(session, version, key, snap)
    return snap


def _key(version: PlanVersion, as_of: str, basis: Basis, validated_only: bool, moment, stalled: int) -> dict:
    return {
        "plan_version_id": version.id,
        "as_of": as_of,
        "basis": basis.value,
        "validated_only": validated_only,
        "moment": as_utc(moment),
        "stalled_months": stalled,
    }


def stored_snapshot(session: Session, plan: Plan, key: dict) -> Snapshot | None:
    """The stored rows of one snapshot, in the plan's order, or None when none are stored."""
    conditions = [getattr(ProgressSnapshot, name) == value for name, value in key.items()]
    rows = session.execute(select(*STORED).where(*conditions)).all()
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=["measure", "stage", *FLAGS, "last_change", "last_revision"])
    frame = frame.set_index("measure")
    codes = [m.code for m in plan.measures]
    if set(frame.index) != set(codes) or not frame["stage"].isin(STAGES).all():
        return None  # written for another set of measures: compute instead
    frame = frame.reindex(codes)
    measures = pd.DataFrame(
        {
            "measure": pd.Series(codes, dtype=object),
            "stage": pd.Series(frame["stage"].to_numpy(dtype=object), dtype=object),
            "continuous": np.array([m.continuous for m in plan.measures], dtype=bool),
            "deadline": pd.Series([m.deadline for m in plan.measures], dtype=object),
            **{flag: frame[flag].to_numpy(dtype=bool) for flag in FLAGS},
            "last_change": pd.Series([None if pd.isna(v) else v for v in frame["last_change"]], dtype=object),
            "last_revision": pd.Series(
                [None if pd.isna(v) else int(v) for v in frame["last_revision"]], dtype=object
            ),
        }
    )
    return Snapshot(key["as_of"], measures, Basis(key["basis"]), key["moment"], key["validated_only"])


def _store(session: Session, version: PlanVersion, key: dict, snap: Snapshot) -> None:
    """Write the rows in one statement; another process that stored the same rows first wins
    (they are equal by construction)."""
    frame = snap.measures
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            **key, "plan_code": version.plan_code, "measure_code": measure, "stage": stage,
            "overdue": bool(overdue), "stalled": bool(stalled), "regressed": bool(regressed),
            "missing": bool(missing), "last_change": change, "last_revision_id": revision, "stored_at": now,
        }
        for measure, stage, overdue, stalled, regressed, missing, change, revision in zip(
            frame["measure"], frame["stage"], frame["overdue"], frame["stalled"], frame["regressed"],
            frame["missing"], frame["last_change"], frame["last_revision"], strict=True,
        )
    ]  # fmt: skip
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(ProgressSnapshot).on_conflict_do_nothing(), rows)
    session.flush()


def forget_snapshots(session: Session, plan_code: str, *, dated: dt.datetime | None = None) -> int:
    """Forget the stored months that a report or event dated `dated` could change (those whose
    moment comes after it); all of the plan's without a date. Returns how many rows went."""
    query = delete(ProgressSnapshot).where(ProgressSnapshot.plan_code == plan_code)
    if dated is not None:
        query = query.where(ProgressSnapshot.moment > as_utc(dated))
    return session.execute(query).rowcount or 0

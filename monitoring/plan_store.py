"""Storing plans: each load that changes something is a new version; nothing is overwritten."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import defer
from sqlmodel import Session

from monitoring.auth import Actor, Role
from monitoring.db import session_scope, upgrade
from monitoring.rules import ReportRejected
from monitoring.settings import Settings
from monitoring.tables import (
    AxisRow,
    BodyRow,
    IndicatorRow,
    MeasureBody,
    MeasureRow,
    ObjectiveRow,
    PlanState,
    PlanVersion,
    utc_now,
)
from plan import Plan, read_plan_file
from plan.diff import PlanChanges, plan_changes


@dataclass(frozen=True)
class LoadResult:
    version: PlanVersion
    changes: PlanChanges
    stored: bool  # False when the file equals the version already loaded


class PlanStatus(StrEnum):
    ACTIVE = "active"  # takes reports
    ENDED = "ended"  # readable with its history; takes no more reports
    ARCHIVED = "archived"  # kept, but hidden from the pages


@dataclass(frozen=True)
class PlanEntry:
    """A stored plan as people choose it: its code, its state and its newest version."""

    code: str
    status: PlanStatus
    version: PlanVersion

    @property
    def active(self) -> bool:
        return self.status is PlanStatus.ACTIVE

    def title(self, language: str) -> str:
        return self.version.title_en if language == "en" else self.version.title_pt


def content_hash(plan: Plan) -> str:
    # A plan that names no time zone hashes as before the field existed: reloading it is no change.
    unnamed = {"plan": {"timezone"}} if plan.plan.timezone is None else None
    return hashlib.sha256(plan.model_dump_json(exclude=unnamed).encode("utf-8")).hexdigest()


def current_version(session: Session, plan_code: str | None = None) -> PlanVersion | None:
    """The newest version of a plan; without a code, of the plan loaded most recently."""
    query = select(PlanVersion).order_by(PlanVersion.id.desc()).limit(1)
    if plan_code is not None:
        query = query.where(PlanVersion.plan_code == plan_code)
    return session.scalars(query).first()


def plan_codes(session: Session) -> list[str]:
    return list(session.scalars(select(PlanVersion.plan_code).distinct().order_by("plan_code")))


def plan_entries(session: Session) -> list[PlanEntry]:
    """Every stored plan, in the order they were first loaded, with its state and newest version
    (its document is read only when the plan is parsed, see `stored_plan`): one query."""
    ids = (
        select(
            PlanVersion.plan_code.label("code"),
            func.min(PlanVersion.id).label("first"),
            func.max(PlanVersion.id).label("newest"),
        )
        .group_by(PlanVersion.plan_code)
        .subquery()
    )
    query = (
        select(PlanVersion, PlanState.status)
        .options(defer(PlanVersion.document))
        .join(ids, ids.c.newest == PlanVersion.id)
        .outerjoin(PlanState, PlanState.plan_code == PlanVersion.plan_code)
        .order_by(ids.c.first)
    )
    return [
        PlanEntry(version.plan_code, PlanStatus(status or PlanStatus.ACTIVE), version)
        for version, status in session.execute(query)
    ]


def plans_with_bodies(session: Session, bodies: frozenset[str] | set[str]) -> set[str]:
    """The plans whose newest version has a measure led or shared by one of these bodies."""
    if not bodies:
        return set()
    newest = (
        select(func.max(PlanVersion.id)).group_by(PlanVersion.plan_code).scalar_subquery().correlate(None)
    )
    query = (
        select(PlanVersion.plan_code)
        .join(MeasureBody, MeasureBody.plan_version_id == PlanVersion.id)
        .where(MeasureBody.body_code.in_(sorted(bodies)), PlanVersion.id.in_(newest))
        .distinct()
    )
    return set(session.scalars(query))


def plans_for(session: Session, actor: Actor | None, *, reporting: bool = False) -> list[PlanEntry]:
    """The plans a person may open: none archived; only active ones to report on; for a focal
    point or a validator, only the plans in which their bodies lead or share a measure."""
    entries = [e for e in plan_entries(session) if e.status is not PlanStatus.ARCHIVED]
    if reporting:
        entries = [e for e in entries if e.active]
    if actor is not None and actor.role in (Role.FOCAL_POINT, Role.VALIDATOR):
        mine = plans_with_bodies(session, actor.bodies)
        entries = [e for e in entries if e.code in mine]
    return entries


def why_not_offered(session: Session, actor: Actor | None, plan_code: str, *, reporting: bool = False) -> str:
    """Why a plan asked for by code is not among `plans_for`: unknown, archived, not active (to
    report on) or not the person's (no measure of their bodies)."""
    entry = next((e for e in plan_entries(session) if e.code == plan_code), None)
    if entry is None:
        return "unknown"
    if entry.status is PlanStatus.ARCHIVED:
        return "archived"
    if reporting and not entry.active:
        return "not_active"
    return "not_yours"


def codes_text(entries: list[PlanEntry]) -> str:
    return ", ".join(e.code for e in entries) or "-"


def choose_plan(session: Session, plan_code: str | None = None) -> PlanVersion:
    """The newest version of the plan named, or, when none is named, of the only active plan.
    An unknown code, or several active plans and no code, is refused with the list of plans."""
    return choose_plan_entry(session, plan_code).version


def choose_plan_entry(session: Session, plan_code: str | None = None) -> PlanEntry:
    """`choose_plan`, with the plan's state."""
    entries = plan_entries(session)
    if not entries:
        raise ReportRejected("no_plan")
    if plan_code is not None:
        found = next((e for e in entries if e.code == plan_code), None)
        if found is None:
            raise ReportRejected("unknown_plan", value=str(plan_code)[:40], plans=codes_text(entries))
        return found
    active = [e for e in entries if e.active]
    if len(active) == 1:
        return active[0]
    key = "no_active_plan" if not active else "plan_required"
    raise ReportRejected(key, plans=codes_text(active or entries))


def set_plan_status(
    session: Session, *, plan_code: str, status: str, changed_by: str = "", now: dt.datetime | None = None
) -> PlanState:
    """Mark a plan active, ended or archived; no other plan changes. The caller checks who may."""
    try:
        status = PlanStatus(status)
    except ValueError:
        raise ReportRejected("unknown_plan_status", value=str(status)[:20]) from None
    choose_plan(session, plan_code)  # refuses an unknown code, listing the plans
    state = session.get(PlanState, plan_code) or PlanState(plan_code=plan_code)
    state.status, state.changed_by, state.changed_at = status.value, changed_by[:255], now or utc_now()
    session.add(state)
    session.flush()
    return state


def plan_versions(session: Session, plan_code: str) -> list[PlanVersion]:
    query = select(PlanVersion).where(PlanVersion.plan_code == plan_code)
    return list(session.scalars(query.order_by(PlanVersion.version)))


def stored_plan(version: PlanVersion) -> Plan:
    """The plan exactly as it was loaded in that version (parsed once per process: a stored
    version never changes, and the plan model is immutable). Its document is read from the
    database only the first time."""
    plan = _PARSED.get(version.content_hash)
    if plan is None:
        plan = _PARSED[version.content_hash] = Plan.model_validate_json(version.document)
        while len(_PARSED) > 16:
            _PARSED.pop(next(iter(_PARSED)))
    return plan


_PARSED: dict[str, Plan] = {}  # by content hash, oldest first


def last_version_with(session: Session, plan_code: str, measure: str) -> tuple[PlanVersion, Plan] | None:
    """The newest version of the plan that still had this measure (for one removed since)."""
    for version in reversed(plan_versions(session, plan_code)):
        plan = stored_plan(version)
        if any(m.code == measure for m in plan.measures):
            return version, plan
    return None


def pending_changes(session: Session, plan: Plan) -> PlanChanges:
    """What loading `plan` would change against the version loaded now."""
    current = current_version(session, plan.plan.code)
    return plan_changes(stored_plan(current) if current else None, plan)


def load_plan(session: Session, plan: Plan, *, source_name: str = "", loaded_by: str = "") -> LoadResult:
    """Store a validated plan as its next version, in the caller's transaction."""
    current = current_version(session, plan.plan.code)
    changes = plan_changes(stored_plan(current) if current else None, plan)
    digest = content_hash(plan)
    if current is not None and current.content_hash == digest:
        return LoadResult(current, changes, stored=False)
    version = _new_version(session, plan, digest, source_name, loaded_by)
    if session.get(PlanState, plan.plan.code) is None:  # a new plan starts active; others are untouched
        session.add(PlanState(plan_code=plan.plan.code, status=PlanStatus.ACTIVE.value, changed_by=loaded_by))
    _store_records(session, version.id, plan)
    session.flush()
    return LoadResult(version, changes, stored=True)


def _new_version(session: Session, plan: Plan, digest: str, source_name: str, loaded_by: str) -> PlanVersion:
    header = plan.plan
    number = session.scalar(
        select(func.coalesce(func.max(PlanVersion.version), 0)).where(PlanVersion.plan_code == header.code)
    )
    version = PlanVersion(
        plan_code=header.code,
        version=number + 1,
        country=header.country,
        title_pt=header.title.in_("pt"),
        title_en=header.title.in_("en"),
        legal_basis=header.legal_basis,
        start=header.start,
        end=header.end,
        reconstruction=header.reconstruction,
        content_hash=digest,
        source_name=source_name[:255],
        loaded_by=loaded_by[:255],
        document=plan.model_dump_json(),
    )
    session.add(version)
    session.flush()
    return version


def _store_records(session: Session, version_id: int, plan: Plan) -> None:
    rows = _record_rows(version_id, plan)
    for table, values in rows.items():
        if values:
            session.execute(insert(table), values)


def _record_rows(version_id: int, plan: Plan) -> dict[type, list[dict]]:
    """The records as table rows. The `_pt` and `_en` columns hold those languages' texts, or the
    plan's first language's for a plan without them; the stored document holds every language."""
    v = {"plan_version_id": version_id}
    return {
        BodyRow: [
            {
                **v,
                "code": b.code,
                "name_pt": b.name.in_("pt"),
                "name_en": b.name.in_("en"),
                "kind": b.kind.value,
                "parent_code": b.parent,
            }
            for b in plan.bodies
        ],
        AxisRow: [
            {**v, "code": a.code, "position": n, "title_pt": a.title.in_("pt"), "title_en": a.title.in_("en")}
            for n, a in enumerate(plan.axes)
        ],
        ObjectiveRow: [
            {
                **v,
                "code": o.code,
                "position": n,
                "gcm_number": o.gcm_number,
                "axis_code": o.axis,
                "title_pt": o.title.in_("pt"),
                "title_en": o.title.in_("en"),
            }
            for n, o in enumerate(plan.objectives)
        ],
        MeasureRow: [_measure_row(v, n, m) for n, m in enumerate(plan.measures)],
        MeasureBody: [
            {**v, "measure_code": m.code, "body_code": code, "role": role}
            for m in plan.measures
            for code, role in [(m.lead_body, "lead")] + [(c, "co") for c in m.co_bodies]
        ],
        IndicatorRow: [
            {
                **v,
                "measure_code": m.code,
                "code": i.code,
                "position": n,
                "name_pt": i.name.in_("pt"),
                "name_en": i.name.in_("en"),
                "unit": i.unit_in("en"),
                "kind": i.kind.value,
                "direction": i.direction.value,
                "baseline": i.baseline,
                "baseline_date": i.baseline_date,
                "target": i.target,
                "target_date": i.target_date,
            }
            for n, (m, i) in enumerate(plan.indicators())
        ],
    }


def _measure_row(v: dict, position: int, m) -> dict:
    description = m.description
    return {
        **v,
        "code": m.code,
        "position": position,
        "objective_code": m.objective,
        "title_pt": m.title.in_("pt"),
        "title_en": m.title.in_("en"),
        "description_pt": description.in_("pt") if description else "",
        "description_en": description.in_("en") if description else "",
        "lead_body_code": m.lead_body,
        "deadline": m.deadline,
        "continuous": m.continuous,
        "source": m.source,
    }


def prepare_database(engine: Engine, settings: Settings) -> PlanVersion | None:
    """Upgrade the schema, check the audit key (see `ensure_audit_key`) and, on an empty
    database, load the default plan file."""
    from monitoring.audit_chain import ensure_audit_key

    upgrade(engine)
    with session_scope(engine) as session:
        ensure_audit_key(session, settings)
        current = current_version(session)
        if current is None and settings.load_default_plan:
            path = Path(settings.default_plan_file)
            current = load_plan(session, read_plan_file(path), source_name=path.name).version
        return current

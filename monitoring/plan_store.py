"""Storing plans: each load that changes something is a new version; nothing is overwritten."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, func, insert, select
from sqlmodel import Session

from monitoring.db import session_scope, upgrade
from monitoring.settings import Settings
from monitoring.tables import (
    AxisRow,
    BodyRow,
    IndicatorRow,
    MeasureBody,
    MeasureRow,
    ObjectiveRow,
    PlanVersion,
)
from plan import Plan, read_plan_file
from plan.diff import PlanChanges, plan_changes


@dataclass(frozen=True)
class LoadResult:
    version: PlanVersion
    changes: PlanChanges
    stored: bool  # False when the file equals the version already loaded


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


def plan_versions(session: Session, plan_code: str) -> list[PlanVersion]:
    query = select(PlanVersion).where(PlanVersion.plan_code == plan_code)
    return list(session.scalars(query.order_by(PlanVersion.version)))


def stored_plan(version: PlanVersion) -> Plan:
    """The plan exactly as it was loaded in that version (parsed once per process: a stored
    version never changes, and the plan model is immutable)."""
    return _parsed(version.content_hash, version.document)


@lru_cache(maxsize=16)
def _parsed(content_hash: str, document: str) -> Plan:
    return Plan.model_validate_json(document)


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

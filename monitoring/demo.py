"""A synthetic, clearly labelled monitoring history, so a new user sees full dashboards at once.

Every demo account is named "Demo …" with an address under demo.invalid, and every demo
revision has the channel "demo": dashboards say so when they show it. It refuses to write
into a database that already holds real reports.
"""

from __future__ import annotations

import datetime as dt
import json
import random

from sqlalchemy import func, insert, select
from sqlmodel import Session

from monitoring.audit_chain import record_written
from monitoring.auth import Role, user_by_email
from monitoring.months import (
    add_months,
    closes_on,
    month_of,
    months_between,
    parse_month,
    plan_zone,
    today_in,
)
from monitoring.reporting import chosen_plan
from monitoring.rules import ReportRejected
from monitoring.settings import get_settings
from monitoring.snapshots import forget_snapshots
from monitoring.tables import BodyMonthEvent, IndicatorValue, StatusRevision, User, UserBody
from plan import Plan

REVISIONS = StatusRevision.__table__
DEMO_CHANNEL = "demo"
DEMO_DOMAIN = "demo.invalid"
NARRATIVES = [
    ("Reunião de coordenação com as entidades envolvidas.", "Coordination meeting with the bodies involved."),
    ("Procedimento de contratação em curso.", "Procurement under way."),
    ("Sessões de informação realizadas em três distritos.", "Information sessions held in three districts."),
    ("Protocolo enviado para assinatura.", "Protocol sent for signature."),
    ("Relatório intermédio concluído.", "Interim report finished."),
]


def has_demo_data(session: Session, plan_code: str) -> bool:
    query = select(func.count()).where(
        StatusRevision.plan_code == plan_code, StatusRevision.channel == DEMO_CHANNEL
    )
    return bool(session.scalar(query))


def seed_demo(
    session: Session, *, until: str | None = None, seed: int = 2019, plan_code: str | None = None
) -> int:
    """Write a plausible monthly history from the plan's start to `until` (default: the plan's
    last month, or last month if the plan has not ended yet); returns the number of revisions
    written."""
    version, plan = chosen_plan(session, plan_code)
    real = select(func.count()).where(
        StatusRevision.plan_code == version.plan_code, StatusRevision.channel != DEMO_CHANNEL
    )
    if session.scalar(real):
        raise ReportRejected("demo_into_real_data")
    if has_demo_data(session, version.plan_code):
        return 0
    closing = get_settings().closing_day
    last_month = add_months(month_of(today_in(plan_zone(plan))), -1)
    until = parse_month(until) if until else min(last_month, month_of(plan.plan.end))
    authors = _demo_users(session, plan)
    rng = random.Random(seed)
    written = 0
    states = {m.code: _State() for m in plan.measures}
    stored, numbers = [], {}
    for month in months_between(month_of(plan.plan.start), until):
        rows, values = _month_rows(plan, month, states, rng, authors, closing, version.id)
        if not rows:
            continue
        # Core, not the ORM: one multi-row INSERT ... RETURNING, not one per shape of row
        statement = insert(REVISIONS).returning(REVISIONS.c.id, sort_by_parameter_order=True)
        ids = session.execute(statement, rows).scalars().all()
        indicator_rows = [{"revision_id": ids[i], "indicator_code": c, "value": v} for i, c, v in values]
        if indicator_rows:
            session.execute(insert(IndicatorValue.__table__), indicator_rows)
        session.execute(insert(BodyMonthEvent), _events(rows, month, rng, authors, version.plan_code))
        stored += [row | {"id": i} for row, i in zip(rows, ids, strict=True)]
        for i, code, value in values:
            numbers.setdefault(ids[i], {})[code] = value
        written += len(rows)
    record_written(session, version.plan_code, stored, numbers)  # signed, then linked in one pass
    forget_snapshots(session, version.plan_code)  # months stored before this history was written
    session.flush()
    return written


class _State:
    """Where a synthetic measure stands, and its indicators' last values."""

    def __init__(self) -> None:
        self.stage = "not_started"
        self.values: dict[str, float] = {}
        self.percent = 0
        self.regressed = False


def _demo_users(session: Session, plan: Plan) -> dict[str, int]:
    """One demo focal point per body that leads a measure, plus a demo validator."""
    authors = {}
    for code in sorted({m.lead_body for m in plan.measures}):
        email, name = f"demo.{code.lower()}@{DEMO_DOMAIN}", f"Demo {code}"
        user = user_by_email(session, email) or _account(session, email, name, Role.FOCAL_POINT, code)
        authors[code] = user.id
    email = f"demo.validator@{DEMO_DOMAIN}"
    validator = user_by_email(session, email) or _account(session, email, "Demo validator", Role.ADMIN)
    authors["_validator"] = validator.id
    return authors


def _account(session: Session, email: str, name: str, role: Role, *bodies: str) -> User:
    """A demo author. It has no password, so nobody can sign in with it (a password written in
    this file would open an administrator account on every demo installation)."""
    user = User(email=email, name=name, role=role.value, password_hash="")
    session.add(user)
    session.flush()
    session.add_all(UserBody(user_id=user.id, body_code=code) for code in bodies)
    session.flush()
    return user


def _month_rows(
    plan: Plan, month: str, states: dict, rng: random.Random, authors: dict, closing: int, version_id: int
) -> tuple[list[dict], list[tuple[int, str, float]]]:
    rows, values = [], []
    deadline_day = closes_on(month, closing)
    for measure in plan.measures:
        if rng.random() < 0.04:  # a report that never came
            continue
        state = states[measure.code]
        _advance(state, measure, month, rng, plan)
        late = rng.random() < 0.08
        submitted = (
            deadline_day + dt.timedelta(days=rng.randint(3, 20))
            if late
            else (deadline_day - dt.timedelta(days=rng.randint(1, 9)))
        )
        narrative = rng.choice(NARRATIVES)[0] if state.stage != "not_started" else ""
        rows.append(
            {
                "plan_code": plan.plan.code,
                "plan_version_id": version_id,
                "measure_code": measure.code,
                "month": month,
                "body_code": measure.lead_body,
                "stage": state.stage,
                "pace": ("delayed" if rng.random() < 0.2 else "on_track")
                if measure.continuous and state.stage == "in_progress"
                else None,
                "percent": state.percent if not measure.continuous else None,
                "done": narrative,
                "obstacles": "",
                "next_steps": "",
                "evidence": json.dumps(
                    ["https://www.portugal.gov.pt/"] if state.stage == "completed" else []
                ),
                "justification": "Demo: nova fase / new phase" if state.regressed else "",
                "outlier_note": "",
                "author_id": authors[measure.lead_body],
                "submitted_at": _not_after_now(dt.datetime.combine(submitted, dt.time(10), tzinfo=dt.UTC)),
                "late": late,
                "channel": DEMO_CHANNEL,
            }
        )
        values += [(len(rows) - 1, code, value) for code, value in _indicator_values(measure, state, rng)]
    return rows, values


def _advance(state: _State, measure, month: str, rng: random.Random, plan: Plan) -> None:
    """Stages move forward plausibly: start, progress, complete near the deadline; a few go back."""
    state.regressed = False
    if state.stage == "not_started" and rng.random() < 0.12:
        state.stage, state.percent = "in_progress", 5
    elif state.stage == "in_progress":
        state.percent = min(95, state.percent + rng.randint(0, 8))
        due = measure.deadline is not None and month >= add_months(month_of(measure.deadline), -3)
        ends = month >= month_of(plan.plan.end)
        if not measure.continuous and (rng.random() < (0.18 if due else 0.03)):
            state.stage, state.percent = "completed", 100
        elif measure.continuous and ends and rng.random() < 0.1:
            state.stage = "completed"
    elif state.stage == "completed" and not measure.continuous and rng.random() < 0.004:
        state.stage, state.percent, state.regressed = "in_progress", 80, True


def _indicator_values(measure, state: _State, rng: random.Random) -> list[tuple[str, float]]:
    out = []
    for indicator in measure.indicators:
        if state.stage == "not_started" or indicator.target is None:
            continue
        start = indicator.baseline or 0.0
        last = state.values.get(indicator.code, start)
        step = (indicator.target - start) / rng.randint(18, 48)
        value = last + step * rng.uniform(0.2, 1.6)
        if indicator.target > start:  # past the target, growth levels off
            value = min(value, indicator.target * 1.05)
        if indicator.kind.value == "percentage":
            value = min(100.0, max(0.0, value))
        state.values[indicator.code] = value
        shown = float(int(value)) if indicator.kind.value == "cumulative_count" else round(value, 2)
        out.append((indicator.code, shown))
    return out


def _events(rows: list[dict], month: str, rng: random.Random, authors: dict, plan_code: str) -> list[dict]:
    """Each reporting body's month submitted, and most of them validated a few days later."""
    events = []
    for body in sorted({r["body_code"] for r in rows}):
        first = min(r["submitted_at"] for r in rows if r["body_code"] == body)
        last = max(r["submitted_at"] for r in rows if r["body_code"] == body)
        events.append(
            {
                "plan_code": plan_code,
                "month": month,
                "body_code": body,
                "event": "submitted",
                "comment": "",
                "actor_id": authors[body],
                "at": first,
            }
        )
        if rng.random() < 0.85:
            events.append(
                {
                    "plan_code": plan_code,
                    "month": month,
                    "body_code": body,
                    "event": "validated",
                    "comment": "",
                    "actor_id": authors["_validator"],
                    "at": _not_after_now(last + dt.timedelta(days=rng.randint(1, 6))),  # after what it judges
                }
            )
    return events


def _not_after_now(moment: dt.datetime) -> dt.datetime:
    """The demo history ends now: nothing in it is dated in the future."""
    return min(moment, dt.datetime.now(dt.UTC))


def demo_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}"))))

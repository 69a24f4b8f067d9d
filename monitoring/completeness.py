"""Who has reported a month, on time or late, and who has not: for the secretariat."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from monitoring import formats
from monitoring.auth import focal_points_of
from monitoring.months import closes_on, parse_month, plan_zone, today_in
from monitoring.reporting import chosen_plan, measure_bodies
from monitoring.settings import get_settings
from monitoring.tables import BodyMonthEvent, StatusRevision

NOT_COUNTED = {"sent_back"}


def body_states(session: Session, plan_code: str, month: str) -> dict[str, str]:
    """The latest event of each body's month."""
    query = (
        select(BodyMonthEvent.body_code, BodyMonthEvent.event)
        .where(BodyMonthEvent.plan_code == plan_code, BodyMonthEvent.month == month)
        .order_by(BodyMonthEvent.id)
    )
    return dict(session.execute(query).all())


def month_revisions(session: Session, plan_code: str, month: str) -> pd.DataFrame:
    query = select(
        StatusRevision.id,
        StatusRevision.measure_code,
        StatusRevision.body_code,
        StatusRevision.submitted_at,
        StatusRevision.late,
    ).where(StatusRevision.plan_code == plan_code, StatusRevision.month == month)
    rows = session.execute(query.order_by(StatusRevision.id)).all()
    return pd.DataFrame(rows, columns=["id", "measure", "body", "submitted_at", "late"])


def measure_completeness(session: Session, *, month: str, plan_code: str | None = None) -> pd.DataFrame:
    """One row per measure: reported this month or not, by which body, on time or late.
    A report whose body's month was sent back does not count."""
    version, plan = chosen_plan(session, plan_code)
    month = parse_month(month)
    states = body_states(session, version.plan_code, month)
    revisions = month_revisions(session, version.plan_code, month)
    revisions = revisions[~revisions["body"].map(states.get).isin(NOT_COUNTED)]
    first = revisions.groupby("measure").agg(
        body=("body", "first"), first_at=("submitted_at", "min"), late=("late", "all")
    )
    rows = []
    for measure in plan.measures:
        seen = measure.code in first.index
        rows.append(
            {
                "measure": measure.code,
                "lead_body": measure.lead_body,
                "reported": seen,
                "body": first.at[measure.code, "body"] if seen else None,
                "first_at": first.at[measure.code, "first_at"] if seen else None,
                "on_time": (not bool(first.at[measure.code, "late"])) if seen else None,
            }
        )
    return pd.DataFrame(rows)


def body_completeness(
    session: Session, *, month: str, today: dt.date | None = None, plan_code: str | None = None
) -> pd.DataFrame:
    """One row per body with measures: how many it leads or shares, how many are reported,
    which are missing, whether its first report came on time, and its month's state."""
    version, plan = chosen_plan(session, plan_code)
    month, today = parse_month(month), today or today_in(plan_zone(plan))
    measures = measure_completeness(session, month=month, plan_code=version.plan_code).set_index("measure")
    states = body_states(session, version.plan_code, month)
    revisions = month_revisions(session, version.plan_code, month)
    deadline = closes_on(month, get_settings().closing_day)
    rows = []
    for body in plan.bodies:
        own = [m.code for m in plan.measures if body.code in measure_bodies(m)]
        if not own:
            continue
        reported = [code for code in own if measures.at[code, "reported"]]
        mine = revisions[revisions["body"] == body.code]
        first_at = mine["submitted_at"].min() if not mine.empty else None
        rows.append(
            {
                "body": body.code,
                "expected": len(own),
                "reported": len(reported),
                "missing": [c for c in own if c not in reported],
                "status": "complete" if len(reported) == len(own) else ("partial" if reported else "none"),
                "first_at": first_at,
                "on_time": None if first_at is None else bool(first_at.date() <= deadline),
                "state": states.get(body.code),
                "overdue": first_at is None and today > deadline,
            }
        )
    return pd.DataFrame(rows)


def reminders(
    session: Session,
    *,
    month: str,
    language: str = "pt",
    today: dt.date | None = None,
    plan_code: str | None = None,
) -> list[dict]:
    """The focal points of bodies with missing reports, and a text they can be sent."""
    table = body_completeness(session, month=month, today=today, plan_code=plan_code)
    deadline = closes_on(parse_month(month), get_settings().closing_day)
    out = []
    for row in table[table["status"] != "complete"].itertuples():
        for person in focal_points_of(session, row.body):
            out.append(
                {
                    "name": person.name,
                    "email": person.email,
                    "body": row.body,
                    "missing": row.missing,
                    "text": reminder_text(person.name, month, row.missing, deadline, language),
                }
            )
    return out


def reminder_text(name: str, month: str, missing: list[str], deadline: dt.date, language: str) -> str:
    """The reminder a focal point is sent, its month and closing day written as in its language."""
    codes = ", ".join(missing)
    if language == "en":
        return (
            f"Dear {name},\n\nThe monitoring report for {formats.month(month, 'en')} is still missing for "
            f"measures {codes}. The reporting window closes on {formats.date(deadline, 'en')}.\n\n"
            "Thank you,\nThe technical secretariat"
        )
    return (
        f"Caro(a) {name},\n\nO reporte de {formats.month(month, 'pt')} continua em falta para as medidas "
        f"{codes}. O prazo de reporte termina a {formats.date(deadline, 'pt')}.\n\n"
        "Obrigado,\nO secretariado técnico"
    )

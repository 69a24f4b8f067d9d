"""Who may do what, checked in the services (not only by hiding pages): every role against every
action. A forbidden cell raises `AccessDenied` (or refuses the row) and writes nothing; an allowed
cell succeeds. Anonymous visitors reach only the public tables, which name no person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

import monitoring.tables  # noqa: F401  (every table registered in SQLModel.metadata)
from monitoring.audit_chain import wait_for_linker
from monitoring.auth import AccessDenied, Role, actor_for, create_user, register_user, require_manager
from monitoring.export import balance_tables, balance_workbook, public_tables
from monitoring.plan_store import load_plan
from monitoring.report_workbook import report_template
from monitoring.reporting import (
    SubmitResult,
    reopen_month,
    save_draft,
    send_back,
    submit_reports,
    unlock_month,
    validate_month,
)
from tests.factories import make_plan

MONTH = "2020-03"
TODAY = dt.date(2020, 4, 5)
OPEN = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)
ROLES = ("fp_sef", "validator_sef", "secretariat", "admin", "committee")
MANAGERS = {"secretariat", "admin"}
SECRETS = ("NARRATIVE-done-7f3a", "NARRATIVE-obstacles-7f3a", "NARRATIVE-next-7f3a")


def row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in SQLModel.metadata.sorted_tables
    }


@pytest.fixture
def people(session, world) -> dict:
    """The world's accounts and an admin; SEF's and IEFP's month of March reported, not validated."""
    user = create_user(
        session,
        email="admin@example.pt",
        name="Admin Person",
        role=Role.ADMIN,
        password="correct horse battery",
    )
    people = world | {"admin": actor_for(session, user)}
    for who, measure in (("fp_sef", "M001"), ("fp_iefp", "M002")):
        submit_reports(
            session,
            actor=people[who],
            month=MONTH,
            rows=[{"measure": measure, "stage": "in_progress"}],
            now=OPEN,
        )
    session.commit()
    assert wait_for_linker()  # on PostgreSQL the audit chain's linker writes after the commit
    return people


def _submit(measure: str) -> Callable:
    def act(session, actor):
        return submit_reports(
            session,
            actor=actor,
            month=MONTH,
            rows=[{"measure": measure, "stage": "in_progress", "done": "step"}],
            now=OPEN,
        )

    return act


def _new_user(session, actor):
    return register_user(
        session,
        actor=actor,
        email="new@example.pt",
        name="New",
        role="committee",
        password="correct horse battery",
    )


def _load_plan(session, actor):
    """The plan page's path: the manager check, then the load."""
    require_manager(actor)
    return load_plan(session, make_plan(measures=7), source_name="plan.yaml", loaded_by=actor.email)


ACTIONS: dict[str, tuple[Callable, set[str]]] = {
    "submit_own_body": (_submit("M003"), {"fp_sef", *MANAGERS}),
    "submit_other_body": (_submit("M004"), MANAGERS),
    "save_draft": (
        lambda s, a: save_draft(s, actor=a, month=MONTH, measure="M001", payload={"done": "half"}),
        {"fp_sef", *MANAGERS},
    ),
    "validate_own_body": (
        lambda s, a: validate_month(s, actor=a, month=MONTH, body="SEF", now=OPEN),
        {"validator_sef", *MANAGERS},
    ),
    "validate_other_body": (
        lambda s, a: validate_month(s, actor=a, month=MONTH, body="IEFP", now=OPEN),
        MANAGERS,
    ),
    "send_back_own_body": (
        lambda s, a: send_back(s, actor=a, month=MONTH, body="SEF", comment="fix", now=OPEN),
        {"validator_sef", *MANAGERS},
    ),
    "send_back_other_body": (
        lambda s, a: send_back(s, actor=a, month=MONTH, body="IEFP", comment="fix", now=OPEN),
        MANAGERS,
    ),
    "unlock": (
        lambda s, a: unlock_month(s, actor=a, month=MONTH, body="SEF", reason="typo", now=OPEN),
        MANAGERS,
    ),
    "reopen": (
        lambda s, a: reopen_month(s, actor=a, month=MONTH, body="SEF", reason="late", now=OPEN),
        MANAGERS,
    ),
    "create_user": (_new_user, MANAGERS),
    "load_plan": (_load_plan, MANAGERS),
    "report_template": (
        lambda s, a: report_template(s, actor=a, month=MONTH, today=TODAY),
        {"fp_sef", *MANAGERS},
    ),
    # The balance is the public report: the service has no actor, every role may export it.
    "export_balance": (lambda s, a: balance_workbook(s, as_of=MONTH, today=TODAY), set(ROLES)),
}
WRITES_NOTHING = {"report_template", "export_balance"}
CELLS = [(role, action) for action in ACTIONS for role in ROLES]


@pytest.mark.parametrize(("role", "action"), CELLS, ids=[f"{r}-{a}" for r, a in CELLS])
def test_role_may_do_only_what_its_cell_allows(session, people, role, action):
    act, allowed_roles = ACTIONS[action]
    actor = people[role]
    if action == "unlock":  # the month must be validated before anyone can unlock it
        validate_month(session, actor=people["secretariat"], month=MONTH, body="SEF", now=OPEN)
        session.commit()
    before = row_counts(session)
    if role in allowed_roles:
        result = act(session, actor)
        if isinstance(result, SubmitResult):
            assert [r.key for r in result.saved] == ["saved"]
        if action not in WRITES_NOTHING:
            assert row_counts(session) != before
        session.commit()
        return
    try:
        result = act(session, actor)
    except AccessDenied as refusal:
        assert refusal.key in ("not_allowed", "measure_not_yours")
    else:
        assert isinstance(result, SubmitResult), f"{role} was allowed to {action}"
        assert [r.key for r in result.rejected] == ["measure_not_yours"] and not result.saved
    assert row_counts(session) == before


def test_every_role_and_action_has_a_cell():
    assert len(CELLS) == len(ROLES) * len(ACTIONS)
    assert all(allowed <= set(ROLES) for _, allowed in ACTIONS.values())


@pytest.mark.parametrize("language", ["pt", "en"])
def test_anonymous_visitors_see_no_email_no_name_and_no_narrative(session, people, language):
    texts = dict(zip(("done", "obstacles", "next_steps"), SECRETS, strict=True))
    submit_reports(
        session,
        actor=people["fp_sef"],
        month=MONTH,
        rows=[{"measure": "M003", "stage": "completed", "percent": 100, **texts}],
        now=OPEN,
    )
    session.commit()
    tables = public_tables(balance_tables(session, as_of=MONTH, language=language, today=TODAY))
    names = {actor.name for actor in people.values()} | {actor.email for actor in people.values()}
    for name, table in tables.items():
        cells = [str(v) for v in table.to_numpy().ravel()] + [str(c) for c in table.columns]
        assert not [c for c in cells if "@" in c], name
        assert not [c for c in cells if any(n in c for n in names)], name
        assert not [c for c in cells if any(s in c for s in SECRETS)], name
    assert tables["measures"].shape[0] == 6  # the measures are there, only the people are not

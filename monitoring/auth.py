"""Accounts: roles, argon2 passwords, sign-in with lock-out, and what each role may do."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlmodel import Session

from monitoring.rules import ReportRejected
from monitoring.sessions import EndReason, SignedIn, end_user_sessions
from monitoring.settings import Settings, get_settings
from monitoring.tables import User, UserBody, utc_now

log = logging.getLogger(__name__)
HASHER = PasswordHasher(
    time_cost=get_settings().argon2_time_cost, memory_cost=get_settings().argon2_memory_kib
)


class Role(StrEnum):
    FOCAL_POINT = "focal_point"  # technical focal point: reports for their bodies
    VALIDATOR = "validator"  # political focal point: validates or sends back their bodies' month
    SECRETARIAT = "secretariat"  # technical secretariat: reports on anything, manages
    COMMITTEE = "committee"  # reads every dashboard, writes nothing
    ADMIN = "admin"


MANAGERS = {Role.SECRETARIAT, Role.ADMIN}


class AccessDenied(ReportRejected):
    """The acting user may not do this; the message never says more than that."""


class LoginFailed(Exception):
    """Sign-in refused; one generic message whatever the reason, so nothing leaks."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: the user and the bodies they answer for, read once per request."""

    id: int
    email: str
    name: str
    role: Role
    bodies: frozenset[str]

    @property
    def manages(self) -> bool:
        return self.role in MANAGERS

    def may_report_for(self, body_codes: set[str] | frozenset[str]) -> bool:
        return self.manages or (self.role is Role.FOCAL_POINT and bool(self.bodies & body_codes))

    def may_validate(self, body_code: str) -> bool:
        return self.manages or (self.role is Role.VALIDATOR and body_code in self.bodies)


def actor_for(session: Session, user: User) -> Actor:
    codes = session.scalars(select(UserBody.body_code).where(UserBody.user_id == user.id))
    return Actor(user.id, user.email, user.name, Role(user.role), frozenset(codes))


def actor_signed_in(person: SignedIn) -> Actor:
    """The actor of a live session (see monitoring.sessions.resolve_session)."""
    return Actor(person.user_id, person.email, person.name, Role(person.role), person.bodies)


def require_manager(actor: Actor) -> None:
    if not actor.manages:
        raise AccessDenied("not_allowed")


def check_password_strength(password: str, settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    if len(password) < settings.min_password_length:
        raise ReportRejected("password_too_short", limit=settings.min_password_length)


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 255 or " " in email:
        raise ReportRejected("invalid_email", value=email[:80])
    return email


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role | str,
    password: str,
    bodies: tuple[str, ...] = (),
) -> User:
    """A new account; focal points and validators must answer for at least one body."""
    role, email = Role(role), normalise_email(email)
    check_password_strength(password)
    if user_by_email(session, email):
        raise ReportRejected("email_taken", value=email)
    if role in (Role.FOCAL_POINT, Role.VALIDATOR) and not bodies:
        raise ReportRejected("bodies_required")
    user = User(
        email=email,
        name=name.strip() or email,
        role=role.value,
        password_hash=HASHER.hash(password),
        password_changed_at=utc_now(),
    )
    session.add(user)
    session.flush()
    session.add_all(UserBody(user_id=user.id, body_code=code) for code in sorted(set(bodies)))
    session.flush()
    log.info("user created: %s (%s)", email, role.value)
    return user


def register_user(session: Session, *, actor: Actor, **fields) -> User:
    """An account created from the app: only the secretariat and admins may do it."""
    require_manager(actor)
    return create_user(session, **fields)


def authenticate(session: Session, email: str, password: str, *, now: dt.datetime | None = None) -> User:
    """The user for these credentials; repeated failures lock the account for a while."""
    settings, now = get_settings(), now or utc_now()
    user = user_by_email(session, email)
    if user is None or not user.is_active:
        HASHER.hash(password)  # same work either way, so timing does not reveal accounts
        raise LoginFailed()
    if user.locked_until and _aware(user.locked_until) > now:
        raise LoginFailed()
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= settings.max_failed_logins:
            user.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
            user.failed_logins = 0
            log.warning("account locked after repeated failures: %s", user.email)
        session.add(user)
        session.commit()
        raise LoginFailed()
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    session.add(user)
    session.commit()
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def change_password(session: Session, *, user: User, current: str, new: str) -> None:
    if not _verify(user.password_hash, current):
        raise ReportRejected("wrong_current_password")
    set_password(session, user=user, password=new)


def set_password(session: Session, *, user: User, password: str) -> None:
    """A new password (changed by its owner or reset); every browser signed in as this person
    is signed out, so a password that leaked stops working everywhere at once."""
    check_password_strength(password)
    user.password_hash = HASHER.hash(password)
    user.password_changed_at = utc_now()
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    session.flush()
    end_user_sessions(session, user.id, EndReason.PASSWORD_CHANGED)


def set_active(session: Session, *, actor: Actor | None, user: User, active: bool) -> None:
    """Deactivate an account (its browsers are signed out at once) or activate it again.
    From the app only the secretariat and admins may; `actor=None` is the operator's command line."""
    if actor is not None:
        require_manager(actor)
        if actor.id == user.id and not active:
            raise ReportRejected("cannot_deactivate_self")
    user.is_active = active
    session.add(user)
    session.flush()
    if not active:
        end_user_sessions(session, user.id, EndReason.DEACTIVATED)
    log.info("account %s: %s", "activated" if active else "deactivated", user.email)


def end_sessions_of(session: Session, *, actor: Actor, user: User) -> int:
    """The secretariat signs a person out of every browser (a lost laptop, a shared desk)."""
    require_manager(actor)
    return end_user_sessions(session, user.id, EndReason.ENDED_BY_MANAGER)


def list_users(session: Session) -> list[tuple[User, list[str]]]:
    users = session.scalars(select(User).order_by(User.email)).all()
    bodies: dict[int, list[str]] = {}
    for user_id, code in session.execute(select(UserBody.user_id, UserBody.body_code)):
        bodies.setdefault(user_id, []).append(code)
    return [(u, sorted(bodies.get(u.id, []))) for u in users]


def focal_points_of(session: Session, body_code: str) -> list[User]:
    query = (
        select(User)
        .join(UserBody, UserBody.user_id == User.id)
        .where(UserBody.body_code == body_code, User.is_active)
        .order_by(User.name)
    )
    return list(session.scalars(query))

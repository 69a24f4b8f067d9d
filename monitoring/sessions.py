"""Signed-in browsers, kept on the server.

A sign-in creates a session: a random token goes to the browser in an HttpOnly cookie, and
only the token's SHA-256 is stored. Every page run resolves the cookie to the person again, so
a reload, a second tab or another app instance on the same database is signed in too, and
ending a session in the database signs that browser out at its next click.

A session ends when its owner signs out, after `session_timeout_minutes` without activity,
after `session_max_hours` whatever the activity, and for every browser of a person whose
password is changed or reset or whose account is deactivated, or when the secretariat ends
them. Ended and expired sessions are purged a week later, by the sign-ins themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update
from sqlmodel import Session

from monitoring.settings import get_settings
from monitoring.tables import User, UserBody, UserSession, utc_now

COOKIE_NAME = "gcm_session"
TOKEN_BYTES = 32  # 256 bits of randomness
# What a token looks like (`secrets.token_urlsafe(32)` is 43 characters); anything else in the
# cookie is not looked up at all.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{40,64}")
TOUCH_EVERY = dt.timedelta(seconds=60)  # `last_seen_at` is written at most once a minute
KEEP_ENDED = dt.timedelta(days=7)


class SessionState(StrEnum):
    NONE = "none"  # no cookie, or one that names no session
    ACTIVE = "active"
    EXPIRED = "expired"  # idle too long or past its maximum lifetime
    ENDED = "ended"  # signed out, or ended by a password change, a deactivation, the secretariat


class EndReason(StrEnum):
    SIGNED_OUT = "signed_out"
    PASSWORD_CHANGED = "password_changed"
    DEACTIVATED = "deactivated"
    ENDED_BY_MANAGER = "ended_by_manager"


@dataclass(frozen=True)
class SignedIn:
    """Who a live session belongs to, read with the session itself in one query."""

    user_id: int
    email: str
    name: str
    role: str
    bodies: frozenset[str]


@dataclass(frozen=True)
class SessionCheck:
    state: SessionState
    person: SignedIn | None = None
    method: str = ""


# Built once: a rerun pays for the query, not for assembling it.
LOOKUP = (
    select(
        UserSession.id,
        UserSession.ended_at,
        UserSession.expires_at,
        UserSession.last_seen_at,
        UserSession.method,
        User.id,
        User.email,
        User.name,
        User.role,
        User.is_active,
        UserBody.body_code,
    )
    .join(User, User.id == UserSession.user_id)
    .outerjoin(UserBody, UserBody.user_id == User.id)
    .where(UserSession.token_hash == bindparam("hash"))
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def well_formed(token: str | None) -> bool:
    return isinstance(token, str) and TOKEN_SHAPE.fullmatch(token) is not None


def start_session(
    session: Session,
    *,
    user: User,
    user_agent: str = "",
    method: str = "password",
    now: dt.datetime | None = None,
) -> str:
    """A new session for `user`; returns the token for the cookie (never stored as such).
    Every sign-in gets a new token, so a token planted before sign-in is worth nothing."""
    now = now or utc_now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        UserSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + dt.timedelta(hours=get_settings().session_max_hours),
            user_agent=_printable(user_agent)[:300],
            method=method,
        )
    )
    purge_old_sessions(session, now=now)
    session.flush()
    return token


def resolve_session(
    connection: Connection | Session, token: str | None, *, now: dt.datetime | None = None
) -> SessionCheck:
    """Who this cookie signs in, or why nobody: one indexed query (the session, its user and
    the user's bodies), and a write at most once a minute to keep the session alive."""
    if not well_formed(token):
        return SessionCheck(SessionState.NONE)
    now = now or utc_now()
    rows = connection.execute(LOOKUP, {"hash": token_hash(token)}).all()
    if not rows:
        return SessionCheck(SessionState.NONE)
    session_id, ended_at, expires_at, last_seen, method, user_id, email, name, role, active, _ = rows[0]
    if ended_at is not None or not active:
        return SessionCheck(SessionState.ENDED)
    idle = dt.timedelta(minutes=get_settings().session_timeout_minutes)
    if now >= _aware(expires_at) or now - _aware(last_seen) > idle:
        return SessionCheck(SessionState.EXPIRED)
    if now - _aware(last_seen) >= TOUCH_EVERY:
        connection.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now))
    bodies = frozenset(row[-1] for row in rows if row[-1] is not None)
    return SessionCheck(SessionState.ACTIVE, SignedIn(user_id, email, name, role, bodies), method)


def end_session(session: Session, token: str | None, *, now: dt.datetime | None = None) -> None:
    """Sign out this browser (a cookie that names no session changes nothing)."""
    if well_formed(token):
        _end(session, UserSession.token_hash == token_hash(token), EndReason.SIGNED_OUT, now)


def end_user_sessions(
    session: Session, user_id: int, reason: EndReason, *, now: dt.datetime | None = None
) -> int:
    """Sign out every browser of a person; returns how many sessions were open."""
    return _end(session, UserSession.user_id == user_id, reason, now)


def open_session_counts(session: Session, *, now: dt.datetime | None = None) -> dict[int, int]:
    """Open sessions per user id (not ended, not past their maximum lifetime)."""
    now = now or utc_now()
    rows = session.execute(
        select(UserSession.user_id, func.count())
        .where(UserSession.ended_at.is_(None), UserSession.expires_at > now)
        .group_by(UserSession.user_id)
    )
    return dict(rows.all())


def purge_old_sessions(session: Session, *, now: dt.datetime | None = None) -> None:
    """Forget sessions that ended or expired more than a week ago."""
    cutoff = (now or utc_now()) - KEEP_ENDED
    session.execute(
        delete(UserSession).where(or_(UserSession.ended_at < cutoff, UserSession.expires_at < cutoff))
    )


def _end(session: Session, which, reason: EndReason, now: dt.datetime | None) -> int:
    result = session.execute(
        update(UserSession)
        .where(which, UserSession.ended_at.is_(None))
        .values(ended_at=now or utc_now(), end_reason=reason.value)
    )
    return result.rowcount or 0


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable())

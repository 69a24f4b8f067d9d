"""Server-side sessions: what a cookie resolves to, and everything that ends a session."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from monitoring.auth import (
    AccessDenied,
    actor_signed_in,
    change_password,
    end_sessions_of,
    set_active,
    set_password,
)
from monitoring.rules import ReportRejected
from monitoring.sessions import (
    EndReason,
    SessionState,
    end_session,
    end_user_sessions,
    open_session_counts,
    purge_old_sessions,
    resolve_session,
    start_session,
    token_hash,
)
from monitoring.tables import User, UserSession, utc_now

PASSWORD = "correct horse battery"


@pytest.fixture
def user(session, world) -> User:
    return session.get(User, world["fp_sef"].id)


def sign_in(session, user, **kwargs) -> str:
    token = start_session(session, user=user, **kwargs)
    session.commit()
    return token


def test_a_session_resolves_to_its_user_and_their_bodies(session, user, world):
    token = sign_in(session, user, user_agent="Mozilla/5.0")
    check = resolve_session(session, token)
    assert check.state is SessionState.ACTIVE and check.person.user_id == user.id
    assert actor_signed_in(check.person) == world["fp_sef"]  # the same actor the services use
    secretariat = sign_in(session, session.get(User, world["secretariat"].id))
    assert resolve_session(session, secretariat).person.bodies == frozenset()  # no bodies at all


def test_only_the_tokens_hash_is_stored(session, user):
    token = sign_in(session, user)
    stored = session.scalars(select(UserSession)).one()
    assert stored.token_hash == token_hash(token) and token not in stored.token_hash
    assert len(token) >= 43  # 32 random bytes: 256 bits


def test_every_sign_in_gets_a_new_token(session, user):
    assert sign_in(session, user) != sign_in(session, user)


@pytest.mark.parametrize(
    "cookie",
    [
        None,
        "",
        " ",
        "x" * 10_240,  # 10 KB
        "ção-" * 12,  # non-ASCII
        "A" * 43,  # well formed, but no such session (forged)
        "'; DROP TABLE user_session; --",
        "\x00" * 50,
    ],
    ids=["absent", "empty", "blank", "10 KB", "non-ASCII", "forged", "SQL", "NUL"],
)
def test_a_bad_cookie_signs_nobody_in(session, user, cookie):
    sign_in(session, user)
    check = resolve_session(session, cookie)
    assert check.state is SessionState.NONE and check.person is None
    assert session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_an_idle_session_expires(session, user, monkeypatch):
    monkeypatch.setenv("MONITORING_SESSION_TIMEOUT_MINUTES", "60")
    now = utc_now()
    token = sign_in(session, user, now=now)
    assert resolve_session(session, token, now=now + dt.timedelta(minutes=59)).state is SessionState.ACTIVE
    later = now + dt.timedelta(minutes=59) + dt.timedelta(minutes=61)
    assert resolve_session(session, token, now=later).state is SessionState.EXPIRED


def test_activity_keeps_a_session_alive_until_its_maximum_lifetime(session, user, monkeypatch):
    monkeypatch.setenv("MONITORING_SESSION_MAX_HOURS", "12")
    now = utc_now()
    token = sign_in(session, user, now=now)
    for minutes in range(30, 12 * 60, 30):  # a click every half hour
        check = resolve_session(session, token, now=now + dt.timedelta(minutes=minutes))
        session.commit()
        assert check.state is SessionState.ACTIVE, minutes
    assert resolve_session(session, token, now=now + dt.timedelta(hours=12)).state is SessionState.EXPIRED


def test_last_seen_is_written_at_most_once_a_minute(session, user):
    now = utc_now()
    token = sign_in(session, user, now=now)
    resolve_session(session, token, now=now + dt.timedelta(seconds=30))
    session.commit()
    seen = session.scalar(select(UserSession.last_seen_at))
    assert seen == now
    resolve_session(session, token, now=now + dt.timedelta(seconds=90))
    session.commit()
    session.expire_all()
    assert session.scalar(select(UserSession.last_seen_at)) == now + dt.timedelta(seconds=90)


def test_signing_out_ends_only_that_session(session, user):
    here, there = sign_in(session, user), sign_in(session, user)
    end_session(session, here)
    session.commit()
    assert resolve_session(session, here).state is SessionState.ENDED
    assert resolve_session(session, there).state is SessionState.ACTIVE


def test_another_users_old_token_never_gives_their_session(session, world, user):
    other = session.get(User, world["fp_iefp"].id)
    old = sign_in(session, other)
    end_session(session, old)
    session.commit()
    check = resolve_session(session, old)
    assert check.person is None and check.state is SessionState.ENDED


def test_a_password_change_ends_every_session_of_that_person(session, world, user):
    tokens = [sign_in(session, user) for _ in range(3)]
    bystander = sign_in(session, session.get(User, world["fp_iefp"].id))
    change_password(session, user=user, current=PASSWORD, new="another long secret")
    session.commit()
    assert {resolve_session(session, t).state for t in tokens} == {SessionState.ENDED}
    assert resolve_session(session, bystander).state is SessionState.ACTIVE


def test_a_password_reset_ends_every_session(session, user):
    token = sign_in(session, user)
    set_password(session, user=user, password="reset by the operator")
    session.commit()
    assert resolve_session(session, token).state is SessionState.ENDED


def test_deactivating_an_account_ends_its_sessions(session, world, user):
    token = sign_in(session, user)
    set_active(session, actor=world["secretariat"], user=user, active=False)
    session.commit()
    assert resolve_session(session, token).state is SessionState.ENDED
    set_active(session, actor=world["secretariat"], user=user, active=True)
    session.commit()
    assert resolve_session(session, token).state is SessionState.ENDED  # a new sign-in is needed
    assert resolve_session(session, sign_in(session, user)).state is SessionState.ACTIVE


def test_an_account_deactivated_directly_in_the_database_is_signed_out_too(session, user):
    token = sign_in(session, user)
    user.is_active = False
    session.add(user)
    session.commit()
    assert resolve_session(session, token).person is None


def test_the_secretariat_ends_a_persons_sessions(session, world, user):
    tokens = [sign_in(session, user) for _ in range(2)]
    assert open_session_counts(session) == {user.id: 2}
    assert end_sessions_of(session, actor=world["secretariat"], user=user) == 2
    session.commit()
    assert {resolve_session(session, t).state for t in tokens} == {SessionState.ENDED}
    assert open_session_counts(session) == {}


@pytest.mark.parametrize("who", ["fp_sef", "validator_sef", "committee"])
def test_only_managers_end_sessions_or_deactivate(session, world, user, who):
    with pytest.raises(AccessDenied):
        end_sessions_of(session, actor=world[who], user=user)
    with pytest.raises(AccessDenied):
        set_active(session, actor=world[who], user=user, active=False)


def test_nobody_deactivates_their_own_account(session, world):
    me = session.get(User, world["secretariat"].id)
    with pytest.raises(ReportRejected, match="cannot_deactivate_self"):
        set_active(session, actor=world["secretariat"], user=me, active=False)


def test_old_sessions_are_purged_a_week_after_they_end(session, user):
    now = utc_now()
    old = sign_in(session, user, now=now - dt.timedelta(days=9))
    end_user_sessions(session, user.id, EndReason.SIGNED_OUT, now=now - dt.timedelta(days=8))
    recent = sign_in(session, user, now=now)
    purge_old_sessions(session, now=now)
    session.commit()
    hashes = set(session.scalars(select(UserSession.token_hash)))
    assert hashes == {token_hash(recent)} and token_hash(old) not in hashes


def test_the_user_agent_is_kept_printable_and_short(session, user):
    sign_in(session, user, user_agent="Mozilla\x00/5.0 " + "x" * 1000)
    stored = session.scalars(select(UserSession.user_agent)).one()
    assert "\x00" not in stored and len(stored) == 300

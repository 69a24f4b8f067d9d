"""Accounts: argon2 hashes, one generic failure, lock-out, password changes."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from monitoring.auth import LoginFailed, Role, authenticate, change_password, create_user, user_by_email
from monitoring.rules import ReportRejected

PASSWORD = "correct horse battery"


def test_password_is_stored_as_an_argon2_hash(session, world):
    user = user_by_email(session, "fp_sef@example.pt")
    assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash


def test_right_credentials_sign_in_case_insensitively(session, world):
    assert authenticate(session, " FP_SEF@example.pt ", PASSWORD).email == "fp_sef@example.pt"


@pytest.mark.parametrize(
    ("email", "password"), [("fp_sef@example.pt", "wrong"), ("nobody@example.pt", PASSWORD)]
)
def test_failure_is_the_same_whatever_the_reason(session, world, email, password):
    with pytest.raises(LoginFailed) as failed:
        authenticate(session, email, password)
    assert str(failed.value) == ""


def test_repeated_failures_lock_the_account_for_a_while(session, world):
    now = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)
    for _ in range(5):
        with pytest.raises(LoginFailed):
            authenticate(session, "fp_sef@example.pt", "wrong", now=now)
    with pytest.raises(LoginFailed):
        authenticate(session, "fp_sef@example.pt", PASSWORD, now=now + dt.timedelta(minutes=1))
    assert authenticate(session, "fp_sef@example.pt", PASSWORD, now=now + dt.timedelta(minutes=16))


def test_change_password_needs_the_current_one(session, world):
    user = user_by_email(session, "fp_sef@example.pt")
    with pytest.raises(ReportRejected):
        change_password(session, user=user, current="wrong", new="another long secret")
    change_password(session, user=user, current=PASSWORD, new="another long secret")
    assert authenticate(session, "fp_sef@example.pt", "another long secret")


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"email": "no-at-sign"}, "invalid_email"),
        ({"password": "short"}, "password_too_short"),
        ({"email": "fp_sef@example.pt"}, "email_taken"),
        ({"role": Role.FOCAL_POINT, "bodies": ()}, "bodies_required"),
    ],
)
def test_bad_accounts_are_refused(session, world, fields, key):
    values = {"email": "new@example.pt", "name": "New", "role": Role.COMMITTEE, "password": PASSWORD} | fields
    with pytest.raises(ReportRejected) as refused:
        create_user(session, **values)
    assert refused.value.key == key


def test_passwords_never_reach_the_logs(session, caplog):
    caplog.set_level(logging.DEBUG)
    create_user(session, email="log@example.pt", name="Log", role=Role.ADMIN, password="do not log this one")
    for _ in range(6):
        with pytest.raises(LoginFailed):
            authenticate(session, "log@example.pt", "wrong guess xyz")
    assert "do not log this one" not in caplog.text and "wrong guess xyz" not in caplog.text
    assert "account locked" in caplog.text

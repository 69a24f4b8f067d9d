"""Pages run through AppTest from app.py, on the test database."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from monitoring.sessions import start_session
from monitoring.settings import get_settings
from monitoring.tables import User
from plan import write_plan_file
from tests.factories import make_plan

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def start_app(database_url, tmp_path, monkeypatch, browser_cookie):
    """Start the app on an empty test database whose default plan is `plan`."""

    def start(plan=None, *, lang: str | None = None, **query) -> AppTest:
        if plan is not None:
            path = tmp_path / "default-plan.yaml"
            write_plan_file(plan, path)
            monkeypatch.setenv("MONITORING_DEFAULT_PLAN_FILE", str(path))
        get_settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()
        at = AppTest.from_file(APP, default_timeout=30)
        if lang:
            at.query_params["lang"] = lang
        for key, value in query.items():
            at.query_params[key] = value
        return at

    return start


@pytest.fixture
def browser_cookie(monkeypatch):
    """What the browser's session cookie holds (AppTest cannot send cookies, so the page's one
    reading of it is pointed here); None is a browser that never signed in."""
    jar: dict[str, str | None] = {"token": None}
    monkeypatch.setattr("pages._widgets.session_cookie", lambda: jar["token"])
    return jar


@pytest.fixture
def sign_in_as(session, world, browser_cookie):
    """Sign one of the `world` accounts in, as serve.py's route does: a real session, its token
    in the cookie. Returns the token."""

    def sign_in(who: str) -> str:
        user = session.get(User, world[who].id)
        token = start_session(session, user=user, user_agent="AppTest")
        session.commit()
        browser_cookie["token"] = token
        return token

    return sign_in


@pytest.fixture
def app_as(start_app, sign_in_as):
    """The app with one of the `world` accounts signed in."""

    def start(who: str, **query) -> AppTest:
        at = start_app(**query)
        sign_in_as(who)
        return at

    return start


@pytest.fixture
def small_plan():
    return make_plan(measures=6, continuous=2)

"""Pages run through AppTest from app.py, on the test database."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from monitoring.settings import get_settings
from plan import write_plan_file
from tests.factories import make_plan

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def start_app(database_url, tmp_path, monkeypatch):
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
def app_as(start_app, world):
    """The app with one of the `world` accounts signed in."""

    def start(who: str, **query) -> AppTest:
        at = start_app(**query)
        at.session_state["user_id"] = world[who].id
        at.session_state["last_seen"] = time.time()
        return at

    return start


@pytest.fixture
def small_plan():
    return make_plan(measures=6, continuous=2)

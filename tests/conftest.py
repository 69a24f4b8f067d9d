"""Test fixtures: a fresh database for each test, on SQLite or on the PostgreSQL server
named by TEST_DATABASE_URL (the CI runs the suite once on each)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from monitoring.db import engine_for, upgrade
from monitoring.settings import get_settings, normalise_url

ROOT = Path(__file__).resolve().parent.parent
# Cheap password hashing in tests only; production keeps argon2's defaults.
os.environ.setdefault("MONITORING_ARGON2_TIME_COST", "1")
os.environ.setdefault("MONITORING_ARGON2_MEMORY_KIB", "64")
# The audit chain's key for tests (a server database refuses to start without one).
TEST_AUDIT_KEY = "5e" * 32
os.environ.setdefault("MONITORING_AUDIT_KEY", TEST_AUDIT_KEY)
PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def pytest_report_header(config) -> str:
    return f"database: {'PostgreSQL ' + PG_URL.rsplit('@', 1)[-1] if PG_URL else 'SQLite'}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A database of its own on the test server for this run, dropped at the end."""
    if not PG_URL:
        yield None
        return
    admin_url = normalise_url(PG_URL)
    name = f"gcm_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    engine_for(url).dispose()
    engine_for.cache_clear()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(pg_database, tmp_path, monkeypatch) -> str:
    """An empty database for one test, and the settings pointed at it."""
    if pg_database:
        url = pg_database
        with engine_for(url).begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MONITORING_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    from monitoring.audit_chain import wait_for_linker

    engine = engine_for(database_url)
    upgrade(engine)
    yield engine
    wait_for_linker()  # nothing of this test is still being linked when the next one starts


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def world(session):
    """A loaded plan and one account of each role (focal points of SEF and of IEFP)."""
    from monitoring.auth import Role, actor_for, create_user
    from monitoring.plan_store import load_plan
    from tests.factories import make_plan

    load_plan(session, make_plan(measures=6, continuous=2))
    people = {
        "fp_sef": (Role.FOCAL_POINT, ("SEF",)),
        "fp_iefp": (Role.FOCAL_POINT, ("IEFP",)),
        "validator_sef": (Role.VALIDATOR, ("SEF",)),
        "secretariat": (Role.SECRETARIAT, ()),
        "committee": (Role.COMMITTEE, ()),
    }
    actors = {}
    for name, (role, bodies) in people.items():
        user = create_user(
            session,
            email=f"{name}@example.pt",
            name=name.replace("_", " ").title(),
            role=role,
            password="correct horse battery",
            bodies=bodies,
        )
        actors[name] = actor_for(session, user)
    session.commit()
    return actors

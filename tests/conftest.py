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
def engine(database_url) -> Engine:
    engine = engine_for(database_url)
    upgrade(engine)
    return engine


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session

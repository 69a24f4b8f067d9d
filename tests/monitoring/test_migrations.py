"""Migrations: run twice they do nothing more; from an older revision they upgrade, keeping data."""

from __future__ import annotations

from alembic import command
from sqlalchemy import func, select

from monitoring.db import alembic_config, schema_is_current, table_names, upgrade
from monitoring.plan_store import load_plan
from monitoring.tables import MeasureRow
from tests.factories import make_plan


def test_upgrading_twice_changes_nothing(engine):
    before = sorted(table_names(engine))
    upgrade(engine)
    assert sorted(table_names(engine)) == before and schema_is_current(engine)


def test_a_database_at_an_older_revision_is_upgraded_with_its_data(engine, session):
    load_plan(session, make_plan(measures=4))
    session.commit()
    session.close()
    command.downgrade(alembic_config(engine), "0001")
    assert "status_revision" not in table_names(engine)
    upgrade(engine)
    assert schema_is_current(engine) and "status_revision" in table_names(engine)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(MeasureRow)) == 4

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


def _history(session, world, months=("2020-01", "2020-02", "2020-03")) -> None:
    import datetime as dt

    from monitoring.audit_chain import wait_for_linker
    from monitoring.reporting import submit_reports

    now = dt.datetime(2020, 4, 3, tzinfo=dt.UTC)
    for month in months:
        rows = [{"measure": "M001", "stage": "in_progress", "indicators": {"I001": 10}},
                {"measure": "M003", "stage": "in_progress", "done": month}]  # fmt: skip
        submit_reports(session, actor=world["secretariat"], month=month, rows=rows, now=now)
    session.commit()
    session.close()
    assert wait_for_linker()


def test_a_history_from_before_the_chain_is_linked_and_signed_on_upgrade(engine, session, world):
    """0004 links the stored history (one UPDATE), 0007 signs it with the audit key."""
    from monitoring.audit_chain import verify_chain

    _history(session, world)
    command.downgrade(alembic_config(engine), "0003")
    upgrade(engine)
    report = verify_chain(session, "TEST")
    assert (report.checked, report.linked, report.problems) == (6, 6, [])


def test_the_upgrade_does_not_vouch_for_a_row_the_old_chain_found_changed(engine, session, world):
    from sqlalchemy import text

    from monitoring.audit_chain import verify_chain

    _history(session, world)
    command.downgrade(alembic_config(engine), "0006")  # back to the unkeyed chain
    with engine.begin() as connection:
        connection.execute(text("UPDATE status_revision SET stage = 'completed' WHERE id = 3"))
    upgrade(engine)
    report = verify_chain(session, "TEST")
    assert report.linked == 5
    assert [(p.what, p.revision_id) for p in report.problems] == [("not_written", 3)]

"""The report history's hash chain finds a row changed, inserted or removed outside the app."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from monitoring.audit_chain import verify_chain
from monitoring.cli import main
from monitoring.reporting import submit_reports

NOW = dt.datetime(2020, 4, 3, tzinfo=dt.UTC)


@pytest.fixture
def history(session, world):
    for month, stage in (("2020-01", "not_started"), ("2020-02", "in_progress"), ("2020-03", "in_progress")):
        rows = [
            {"measure": "M001", "stage": stage, "indicators": {"I001": 10}},
            {"measure": "M003", "stage": stage},
        ]
        submit_reports(session, actor=world["secretariat"], month=month, rows=rows, now=NOW)
    session.commit()
    return session


def problems(session) -> list[tuple[int | None, str]]:
    return [(p.revision_id, p.what) for p in verify_chain(session, "TEST")[1]]


def test_an_untouched_history_verifies(history):
    checked, found = verify_chain(history, "TEST")
    assert (checked, found) == (6, [])


def test_a_changed_stage_is_found(history):
    history.execute(text("UPDATE status_revision SET stage = 'completed' WHERE id = 3"))
    assert problems(history) == [(3, "changed_or_inserted")]


def test_a_changed_indicator_value_is_found(history):
    history.execute(text("UPDATE indicator_value SET value = 99 WHERE revision_id = 1"))
    assert problems(history) == [(1, "changed_or_inserted")]


def test_a_removed_revision_is_found(history):
    history.execute(text("DELETE FROM status_revision WHERE id = 4"))
    assert problems(history) == [(5, "changed_or_inserted")]


def test_removing_the_last_revision_is_found(history):
    history.execute(text("DELETE FROM status_revision WHERE id = 6"))
    assert problems(history) == [(6, "head_mismatch")]


def test_verify_audit_command_exits_non_zero_on_tampering(history, database_url, capsys):
    assert main(["verify-audit"]) == 0
    assert "TEST: 6 revisions checked, 0 problems." in capsys.readouterr().out
    history.execute(text("UPDATE status_revision SET done = 'rewritten' WHERE id = 2"))
    history.commit()
    assert main(["verify-audit"]) == 1
    assert "revision 2: changed or inserted" in capsys.readouterr().out

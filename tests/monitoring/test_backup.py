"""Backups and restores bring back exactly the backed-up state; anything that is not a backup
is refused and changes nothing; export-all writes every table for the archive."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import MetaData, select

from monitoring.audit_chain import wait_for_linker
from monitoring.auth import Role, create_user
from monitoring.backup import BackupError, backup, database_name, export_all, restore, table_row_counts
from monitoring.cli import main
from monitoring.db import engine_for
from monitoring.reporting import submit_reports

OPEN = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: what 'the same state' means."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(select(table).order_by(*table.columns))]
            for name, table in metadata.tables.items()
        }


def report(session, actor, measure="M001", value=40) -> None:
    rows = [
        {
            "measure": measure,
            "stage": "in_progress",
            "done": f"{value} people",
            "indicators": {"I" + measure[1:]: value},
        }
    ]
    result = submit_reports(session, actor=actor, month="2020-03", rows=rows, now=OPEN)
    assert result.saved
    session.commit()
    # On PostgreSQL the chain is linked after the commit: the tests compare what is stored once it is.
    assert wait_for_linker()


def change_everything(session, world) -> None:
    report(session, world["fp_sef"], value=60)
    create_user(
        session, email="new@example.pt", name="New", role=Role.COMMITTEE, password="correct horse battery"
    )
    session.commit()


@pytest.fixture
def backed_up(engine, session, world, tmp_path):
    """A database with a report in it, its backup file, and the state the file holds."""
    report(session, world["fp_sef"])
    path = tmp_path / "backups" / "gcm.backup"
    backup(engine, path)
    return path, snapshot(engine)


def test_restore_brings_back_exactly_the_backed_up_state(engine, session, world, backed_up):
    path, before = backed_up
    change_everything(session, world)
    assert snapshot(engine) != before
    session.close()
    summary = restore(engine, path)
    assert snapshot(engine) == before
    assert summary.row_counts == table_row_counts(engine)
    assert summary.row_counts["status_revision"] == 1
    assert summary.row_counts["app_user"] == 5


def test_the_restored_database_takes_new_work(engine, session, world, backed_up):
    path, _ = backed_up
    change_everything(session, world)
    session.close()
    restore(engine, path)
    session.expunge_all()
    report(session, world["fp_sef"], measure="M003")  # ids and sequences continue after the backup's
    assert table_row_counts(engine)["status_revision"] == 2


def test_backup_leaves_only_the_finished_file(engine, world, tmp_path):
    path = tmp_path / "backups" / "gcm.backup"
    path.parent.mkdir()
    path.write_text("an older backup")
    summary = backup(engine, path)
    assert [p.name for p in path.parent.iterdir()] == ["gcm.backup"]
    assert summary.row_counts.get("app_user", 5) == 5  # a SQLite backup also reports its counts
    assert path.read_bytes()[:5] in (b"SQLit", b"PGDMP")


DAMAGED = "not a readable|damaged|not a backup of this platform"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,stage\nM001,completed\n", "not a backup"),
        (b"", "not a backup"),
        ("own header", DAMAGED),
        ("truncated backup", DAMAGED),
        ("half a backup", DAMAGED + "|failed"),
    ],
)
def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(
    engine, session, world, tmp_path, content, message
):
    report(session, world["fp_sef"])
    session.close()
    if content == "own header":
        content = (b"SQLite format 3\x00" if engine.dialect.name == "sqlite" else b"PGDMP") + b"\x00" * 100
    elif content == "truncated backup":
        backup(engine, tmp_path / "whole.backup")
        content = (tmp_path / "whole.backup").read_bytes()[:2000]
    elif content == "half a backup":
        backup(engine, tmp_path / "whole.backup")
        whole = (tmp_path / "whole.backup").read_bytes()
        content = whole[: len(whole) // 2]
    before = snapshot(engine)
    path = tmp_path / "suspicious.bin"
    path.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        restore(engine, path)
    assert snapshot(engine) == before


def test_a_server_backup_that_breaks_off_mid_restore_changes_nothing(engine, session, world, tmp_path):
    if engine.dialect.name != "postgresql":
        pytest.skip("pg_restore's single transaction is the case to check")
    backup(engine, tmp_path / "whole.backup")
    path = tmp_path / "cut.backup"
    path.write_bytes((tmp_path / "whole.backup").read_bytes()[:-50])
    change_everything(session, world)
    session.close()
    before = snapshot(engine)
    with pytest.raises(BackupError, match="the database is unchanged"):
        restore(engine, path)
    assert snapshot(engine) == before


def test_a_backup_of_the_other_kind_of_database_is_refused(engine, world, tmp_path):
    path = tmp_path / "other.backup"
    other = b"PGDMP" if engine.dialect.name == "sqlite" else b"SQLite format 3\x00"
    path.write_bytes(other + b"\x00" * 100)
    with pytest.raises(BackupError, match="cannot be restored into"):
        restore(engine, path)


def test_a_database_that_is_not_ours_is_not_a_backup(engine, tmp_path):
    if engine.dialect.name != "sqlite":
        pytest.skip("a foreign SQLite file is the case to check")
    foreign = engine_for(f"sqlite:///{tmp_path / 'foreign.sqlite'}")
    with foreign.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    foreign.dispose()
    with pytest.raises(BackupError, match="not a backup of this platform"):
        restore(engine, tmp_path / "foreign.sqlite")


def test_export_all_writes_one_csv_per_table_with_its_rows(engine, session, world, tmp_path):
    report(session, world["fp_sef"])
    counts = export_all(engine, tmp_path / "archive")
    assert counts == table_row_counts(engine)
    manifest = json.loads((tmp_path / "archive" / "manifest.json").read_text(encoding="utf-8"))
    assert {name: entry["rows"] for name, entry in manifest["tables"].items()} == counts
    for name, count in counts.items():
        with (tmp_path / "archive" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        assert len(rows) == count, name
    assert counts["status_revision"] == 1 and counts["app_user"] == 5
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == sorted(
        [f"{name}.csv" for name in counts] + ["manifest.json"]
    )


def test_cli_backs_up_and_restores_with_confirmation(engine, session, world, tmp_path, capsys):
    path = tmp_path / "gcm.backup"
    assert main(["backup", "--out", str(path)]) == 0
    assert "Wrote" in capsys.readouterr().out
    before = snapshot(engine)
    change_everything(session, world)
    session.close()
    assert main(["restore", str(path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "app_user: 5 rows" in out
    assert snapshot(engine) == before


def test_cli_restore_says_what_it_replaces_and_asks_for_the_database_name(
    engine, session, world, tmp_path, capsys, monkeypatch
):
    path = tmp_path / "gcm.backup"
    assert main(["backup", "--out", str(path)]) == 0
    before = snapshot(engine)
    change_everything(session, world)
    session.close()
    name = database_name(engine)
    answers, prompts = iter(["gcm-other", name]), []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or next(answers))
    assert main(["restore", str(path)]) == 1  # the wrong name: nothing happens
    captured = capsys.readouterr()
    assert f"Nothing restored: {name} was not typed." in captured.err
    assert snapshot(engine) != before
    out = captured.out
    assert f"replaces everything in database {name}" in out
    assert "now: plans TEST v1; accounts: 6; report revisions: 1" in out
    assert "plans TEST v1; accounts: 5; report revisions: 0" in out
    assert "the backup (written 20" in out and "Accounts and passwords go back" in out
    assert prompts == [f"Type the database's name ({name}) to replace it: "]
    if engine.dialect.name == "postgresql":
        assert f"from database {name}" in out
    assert main(["restore", str(path), "--lang", "pt"]) == 0  # the right name
    assert prompts[-1].startswith("Escreva o nome da base de dados") and "Restored" in capsys.readouterr().out
    assert snapshot(engine) == before


def test_cli_restore_without_anyone_to_answer_restores_nothing(engine, world, tmp_path, capsys, monkeypatch):
    path = tmp_path / "gcm.backup"
    assert main(["backup", "--out", str(path)]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["restore", str(path)]) == 1
    assert "Nothing restored" in capsys.readouterr().err


def test_cli_refuses_a_file_that_is_not_a_backup(engine, tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    assert main(["restore", str(path), "--yes"]) == 1
    assert "not a backup" in capsys.readouterr().err


def test_cli_export_all(engine, world, tmp_path, capsys):
    assert main(["export-all", "--out", str(tmp_path / "archive")]) == 0
    assert "manifest.json" in capsys.readouterr().out
    assert (tmp_path / "archive" / "app_user.csv").is_file()


def test_server_database_pool_follows_the_settings(monkeypatch):
    from monitoring.settings import get_settings

    monkeypatch.setenv("MONITORING_POOL_SIZE", "3")
    monkeypatch.setenv("MONITORING_MAX_OVERFLOW", "2")
    get_settings.cache_clear()
    engine = engine_for("postgresql://nobody@127.0.0.1:1/pool_settings_test")  # never connects
    try:
        assert (engine.pool.size(), engine.pool._max_overflow, engine.pool._timeout) == (3, 2, 30)
        assert engine.pool._recycle == 1800
    finally:
        engine_for.cache_clear()
        get_settings.cache_clear()


def test_missing_postgresql_tools_are_named_clearly(monkeypatch):
    from monitoring import backup as backups

    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    monkeypatch.setattr(backups.glob, "glob", lambda pattern: [])
    with pytest.raises(BackupError, match="pg_dump was not found"):
        backups.pg_tool("pg_dump")

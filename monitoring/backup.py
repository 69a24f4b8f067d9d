"""Backups of the whole database, their restore, and a plain CSV archive of every table.

SQLite is copied with its online backup API (consistent while the app runs); PostgreSQL with
`pg_dump --format=custom` and `pg_restore`. A file is checked before anything is replaced,
so restoring something that is not a backup of this platform leaves the database as it was.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from monitoring.db import MIGRATIONS

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
MANIFEST = "manifest.json"
# libpq reads these from the environment; the password never appears on a command line.
PG_QUERY_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
}


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, for an operator."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file holds, or what a restore put back."""

    path: Path
    dialect: str
    revision: str
    row_counts: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"{name}: {count} rows" for name, count in sorted(self.row_counts.items())]


def backup(engine: Engine, path: Path | str) -> BackupSummary:
    """Write a consistent copy of the whole database to `path` (replaced only when complete)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _temporary_sibling(path) as temporary:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, temporary)
        elif engine.dialect.name == "postgresql":
            _pg_dump(engine, temporary)
        else:
            raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")
        summary = inspect_backup(temporary, engine.dialect.name)
        os.replace(temporary, path)
    return BackupSummary(path, summary.dialect, summary.revision, summary.row_counts)


def restore(engine: Engine, path: Path | str) -> BackupSummary:
    """Replace the whole database with the backup in `path`, after checking that it is one."""
    path = Path(path)
    summary = inspect_backup(path, engine.dialect.name)
    engine.dispose()  # our own idle connections must not hold locks on what is replaced
    if engine.dialect.name == "sqlite":
        _sqlite_restore(engine, path)
    else:
        _pg_restore(engine, path)
    engine.dispose()
    restored = BackupSummary(path, summary.dialect, schema_revision(engine), table_row_counts(engine))
    _verify(summary, restored)
    return restored


@dataclass(frozen=True)
class Contents:
    """What a database or a backup holds, as a restore's confirmation names it."""

    plans: list[tuple[str, int]]  # (plan code, version)
    users: int
    revisions: int
    created: str = ""  # when the backup was written (a SQLite backup: its file's date)
    source: str = ""  # the database a server backup was taken from

    def plan_text(self) -> str:
        versions: dict[str, list[int]] = {}
        for code, version in self.plans:
            versions.setdefault(code, []).append(version)
        return ", ".join(f"{code} v{', v'.join(map(str, sorted(v)))}" for code, v in sorted(versions.items()))


def database_name(engine: Engine) -> str:
    """The name an operator types to confirm a restore: the server database's, or the SQLite file's."""
    database = engine.url.database or ""
    return Path(database).name if engine.dialect.name == "sqlite" else database


def database_contents(engine: Engine) -> Contents:
    """Plans, accounts and revisions of the database a restore would replace."""
    with engine.connect() as connection:
        try:
            plans = connection.execute(text("SELECT plan_code, version FROM plan_version")).all()
            users = connection.scalar(text("SELECT count(*) FROM app_user"))
            revisions = connection.scalar(text("SELECT count(*) FROM status_revision"))
        except SQLAlchemyError:
            return Contents([], 0, 0)
    return Contents([tuple(p) for p in plans], users, revisions)


def backup_contents(path: Path | str, dialect: str) -> Contents:
    """Plans, accounts and revisions in a backup file (checked first to be one), with its date."""
    path = Path(path)
    inspect_backup(path, dialect)
    if dialect == "sqlite":
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
            plans = database.execute("SELECT plan_code, version FROM plan_version").fetchall()
            users = database.execute("SELECT count(*) FROM app_user").fetchone()[0]
            revisions = database.execute("SELECT count(*) FROM status_revision").fetchone()[0]
        written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        return Contents([tuple(p) for p in plans], users, revisions, f"{written:%Y-%m-%d %H:%M} UTC")
    header = _pg_tool_output("pg_restore", ["--list", str(path)])
    created = re.search(r"Archive created at (.+)", header)
    source = re.search(r"dbname: (.+)", header)
    plans = [(row["plan_code"], int(row["version"])) for row in _pg_archive_rows(path, "plan_version")]
    return Contents(
        plans,
        sum(1 for _ in _pg_archive_rows(path, "app_user")),
        sum(1 for _ in _pg_archive_rows(path, "status_revision")),
        created.group(1).strip() if created else "",
        source.group(1).strip() if source else "",
    )


def _pg_archive_rows(path: Path, table: str) -> Iterator[dict[str, str]]:
    """The rows of one table in a pg_dump archive, read from pg_restore's COPY text as it streams."""
    command = [pg_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        columns: list[str] | None = None
        for line in process.stdout:
            if columns is None:
                copy = re.match(r"COPY \S+ \((.*)\) FROM stdin;", line)
                columns = [c.strip().strip('"') for c in copy.group(1).split(",")] if copy else None
            elif line.startswith("\\."):
                columns = None
            else:
                yield dict(zip(columns, line.rstrip("\n").split("\t"), strict=False))


def inspect_backup(path: Path, dialect: str) -> BackupSummary:
    """The backup's kind and schema revision; a clear BackupError if it is not a usable one."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    kind = "sqlite" if head.startswith(SQLITE_MAGIC) else "postgresql" if head.startswith(PG_MAGIC) else None
    if kind is None:
        raise BackupError(f"{path}: not a backup (neither a SQLite database nor a pg_dump archive).")
    if kind != dialect:
        raise BackupError(f"{path}: a {kind} backup cannot be restored into a {dialect} database.")
    if kind == "sqlite":
        revision, counts = _sqlite_file_contents(path)
    else:
        revision, counts = _pg_archive_revision(path), {}
    _check_revision_known(path, revision)
    return BackupSummary(path, kind, revision, counts)


def table_row_counts(engine: Engine) -> dict[str, int]:
    metadata = _reflected(engine)
    with engine.connect() as connection:
        return {
            name: connection.scalar(select(func.count()).select_from(table))
            for name, table in metadata.tables.items()
        }


def schema_revision(engine: Engine) -> str:
    with engine.connect() as connection:
        try:
            return connection.scalar(text("SELECT version_num FROM alembic_version")) or ""
        except SQLAlchemyError as error:
            raise BackupError("The database holds no schema of this platform.") from error


def export_all(engine: Engine, out_dir: Path | str) -> dict[str, int]:
    """Every table as a UTF-8 CSV with a header row, and a manifest with the row counts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    metadata = _reflected(engine)
    tables = {}
    with engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execution_options(stream_results=True).execute(select(table).order_by(*order))
            tables[name] = _write_csv(out_dir / f"{name}.csv", [c.name for c in table.columns], rows)
        revision = connection.scalar(text("SELECT version_num FROM alembic_version")) if tables else ""
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": engine.dialect.name,
        "schema_revision": revision,
        "encoding": "utf-8",
        "tables": tables,
    }
    _write_atomically(out_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return {name: entry["rows"] for name, entry in tables.items()}


# SQLite


def _sqlite_backup(engine: Engine, target: Path) -> None:
    with engine.connect() as connection:
        source = connection.connection.dbapi_connection
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
            # One self-contained file, readable without the -wal and -shm companions.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()


def _sqlite_restore(engine: Engine, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with engine.connect() as connection:
            destination = connection.connection.dbapi_connection
            source.backup(destination)
            destination.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as error:
        raise BackupError(f"Restoring {path} failed: {error}") from error
    finally:
        source.close()


def _sqlite_file_contents(path: Path) -> tuple[str, dict[str, int]]:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
            if database.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path}: the SQLite file is damaged.")
            names = [r[0] for r in database.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            if "alembic_version" not in names:
                raise BackupError(f"{path}: a SQLite database, but not a backup of this platform.")
            revision = database.execute("SELECT version_num FROM alembic_version").fetchone()
            counts = {
                n: database.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]
                for n in names
                if not n.startswith("sqlite_")
            }
    except sqlite3.Error as error:
        raise BackupError(f"{path}: not a readable SQLite backup ({error}).") from error
    return (revision[0] if revision else ""), counts


# PostgreSQL


def _pg_dump(engine: Engine, target: Path) -> None:
    _run_pg_tool(engine, "pg_dump", ["--format=custom", "--no-password", f"--file={target}"])


def _pg_restore(engine: Engine, path: Path) -> None:
    # One transaction: a restore that fails half-way leaves the database as it was.
    options = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--no-password"]
    database = engine.url.database or ""
    try:
        _run_pg_tool(engine, "pg_restore", [*options, f"--dbname={database}", str(path)])
    except BackupError as error:
        raise BackupError(f"Restoring {path} failed; the database is unchanged. {error}") from error


def _pg_archive_revision(path: Path) -> str:
    """Read the schema revision out of the archive (also proves it is a readable one)."""
    listing = _pg_tool_output("pg_restore", ["--data-only", "--table=alembic_version", "--file=-", str(path)])
    lines = iter(listing.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "alembic_version" in line:
            revision = next(lines, "\\.")
            return "" if revision == "\\." else revision.strip()
    raise BackupError(f"{path}: a pg_dump archive, but not a backup of this platform.")


def _run_pg_tool(engine: Engine, tool: str, arguments: list[str]) -> None:
    result = subprocess.run(
        [pg_tool(tool), *arguments], env=_pg_environment(engine), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def _pg_tool_output(tool: str, arguments: list[str]) -> str:
    result = subprocess.run([pg_tool(tool), *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{arguments[-1]}: not a readable pg_dump archive ({result.stderr.strip()}).")
    return result.stdout


def pg_tool(name: str) -> str:
    """`pg_dump` or `pg_restore`: from PATH, else the newest under /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"{name} was not found (on PATH or under /usr/lib/postgresql/*/bin). Install the PostgreSQL "
        "client tools of the server's major version or newer (Debian: postgresql-client-15)."
    )


def _pg_environment(engine: Engine) -> dict[str, str]:
    url = engine.url
    environment = dict(os.environ)
    parts = {
        "PGHOST": url.host or url.query.get("host"),
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    parts |= {variable: url.query.get(key) for key, variable in PG_QUERY_ENV.items()}
    environment.update({k: str(v) for k, v in parts.items() if v})
    return environment


# Shared


def _check_revision_known(path: Path, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    if revision not in known:
        raise BackupError(
            f"{path}: its schema revision {revision or '(none)'} is unknown to this version of the "
            "software (a backup from a newer version?)."
        )


def _verify(expected: BackupSummary, restored: BackupSummary) -> None:
    if restored.revision != expected.revision:
        raise BackupError(
            f"After restore the schema revision is {restored.revision}, not {expected.revision}."
        )
    differing = [
        name for name, count in expected.row_counts.items() if restored.row_counts.get(name) != count
    ]
    if differing:
        raise BackupError(f"After restore these tables differ from the backup: {', '.join(differing)}.")


def _reflected(engine: Engine) -> MetaData:
    metadata = MetaData()
    metadata.reflect(engine)
    return metadata


def _write_csv(path: Path, header: list[str], rows) -> dict:
    count = 0
    with _temporary_sibling(path) as temporary:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if value is None else _cell(value) for value in row])
                count += 1
        digest = hashlib.sha256(temporary.read_bytes()).hexdigest()
        os.replace(temporary, path)
    return {"file": path.name, "rows": count, "sha256": digest}


def _cell(value) -> str:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _write_atomically(path: Path, content: str) -> None:
    with _temporary_sibling(path) as temporary:
        temporary.write_text(content, encoding="utf-8")
        os.replace(temporary, path)


@contextlib.contextmanager
def _temporary_sibling(path: Path) -> Iterator[Path]:
    """A temporary file next to `path` (same file system, so os.replace is atomic)."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)

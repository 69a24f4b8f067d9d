"""A keyed hash chain over the report history: a row changed, inserted or removed outside the
app is found, and a published anchor certifies the history up to it.

Storing and linking are two steps, and only the app's own writes are ever linked:
- the service that stores revisions signs each one with the audit key (`row_mac`, HMAC-SHA-256
  of its content, indicator values included) and lists it in `audit_pending`, in the same
  transaction (`record_written`);
- the linker (`link_pending`) holds the plan's head lock for a short transaction, checks each
  listed revision against its signature and chains the valid ones after the head: position
  `chain_seq` and `chain_hash` = HMAC(previous hash, position, id, row_mac). A revision that is
  not listed, or whose signature does not match, is never linked: `verify_chain` reports it.
On SQLite (one writer anyway) the service links its rows at once, inside its own transaction.
On PostgreSQL a linker thread of the process links them soon after the commit, off the request
path and in a few short transactions however many submissions arrive at once; `verify-audit` and
the balance export link whatever is still listed before they read (the next reader).

The key lives outside the database (settings, or a key file); `verify_chain` needs it. Keys are
rotated by adding a new first key and keeping the old ones: each row names the key that signed it.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, bindparam, delete, event, func, insert, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from monitoring.rules import ReportRejected
from monitoring.settings import Settings, get_settings
from monitoring.tables import AuditHead, AuditPending, IndicatorValue, StatusRevision

log = logging.getLogger(__name__)

GENESIS = "0" * 64
KEY_FILE_NAME = "audit.key"
MIN_KEY_BYTES = 32
CONTENT = (
    "id",
    "plan_code",
    "plan_version_id",
    "measure_code",
    "month",
    "body_code",
    "stage",
    "pace",
    "percent",
    "done",
    "obstacles",
    "next_steps",
    "evidence",
    "justification",
    "outlier_note",
    "author_id",
    "late",
    "channel",
)
CHAIN = ("row_mac", "key_id", "chain_seq", "chain_hash")
REVISIONS = StatusRevision.__table__
HEADS = AuditHead.__table__
PENDING = AuditPending.__table__
LINK_AFTER_COMMIT = "audit_link_after_commit"  # Session.info: plans whose linker runs after commit
CHUNK = 1000  # a bounded IN list, for any database


# ---- the key ------------------------------------------------------------------------------


class AuditKeyError(ReportRejected):
    """The audit key is missing or unusable; the message says how to provide one."""


@dataclass(frozen=True)
class AuditKeys:
    """The key that signs (the first one) and every key accepted when verifying, by id."""

    current_id: str
    keys: dict[str, bytes]

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def new_key() -> str:
    """A fresh random key, as the hex text a key file or the setting holds."""
    return secrets.token_hex(MIN_KEY_BYTES)


def key_id(key: bytes) -> str:
    """A short public name of a key, stored with each row it signs (it reveals nothing of it)."""
    return hmac.new(key, b"gcm-monitoring audit key id", hashlib.sha256).hexdigest()[:16]


def parse_keys(text: str, source: str) -> AuditKeys:
    """Keys as hex, one per line (or separated by commas or spaces); the first one signs."""
    words = [w for w in re.split(r"[\s,]+", text) if w and not w.startswith("#")]
    keys: list[bytes] = []
    for word in words:
        try:
            key = bytes.fromhex(word)
        except ValueError:
            raise AuditKeyError("audit_key_invalid", source=source, bytes=MIN_KEY_BYTES) from None
        if len(key) < MIN_KEY_BYTES:
            raise AuditKeyError("audit_key_invalid", source=source, bytes=MIN_KEY_BYTES)
        keys.append(key)
    if not keys:
        raise AuditKeyError("audit_key_invalid", source=source, bytes=MIN_KEY_BYTES)
    ring: dict[str, bytes] = {}
    for key in keys:
        ring.setdefault(key_id(key), key)
    return AuditKeys(key_id(keys[0]), ring)


def forget_keys() -> None:
    """Read the keys again at their next use (after a rotation, in tests)."""
    _keys.cache_clear()


def embedded_key_file(settings: Settings) -> Path:
    return Path(settings.data_dir) / KEY_FILE_NAME


def audit_keys(settings: Settings | None = None) -> AuditKeys:
    """The configured keys: MONITORING_AUDIT_KEY, else MONITORING_AUDIT_KEY_FILE, else (embedded
    database only) the key file in the data folder. A server database without a key is refused."""
    settings = settings or get_settings()
    secret = settings.audit_key.get_secret_value() if settings.audit_key else None
    return _keys(secret, str(settings.audit_key_file or ""), str(_default_file(settings) or ""))


def _default_file(settings: Settings) -> Path | None:
    return embedded_key_file(settings) if settings.embedded_database() else None


@lru_cache(maxsize=8)
def _keys(secret: str | None, key_file: str, default_file: str) -> AuditKeys:
    # Read once per process: after a rotation, restart the app (README, "The audit chain and its key").
    if secret:
        return parse_keys(secret, "MONITORING_AUDIT_KEY")
    path = Path(key_file or default_file)
    if not key_file and not default_file:
        raise AuditKeyError("audit_key_missing")
    try:
        return parse_keys(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        raise AuditKeyError("audit_key_file_missing", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AuditKeyError("audit_key_unreadable", source=str(path), value=str(error)) from None


def ensure_audit_key(session: Session | Connection, settings: Settings | None = None) -> AuditKeys:
    """The keys, checked at start. An embedded database without a key gets one written into its
    data folder (readable by its owner only), unless it already holds signed history: then the
    key that signed it is missing, and a new one would only hide that."""
    settings = settings or get_settings()
    path = _default_file(settings)
    if settings.audit_key or settings.audit_key_file or path is None or path.exists():
        return audit_keys(settings)
    signed = select(func.count()).select_from(REVISIONS).where(REVISIONS.c.row_mac.is_not(None))
    if _has_table(session, "status_revision") and session.execute(signed).scalar():
        raise AuditKeyError("audit_key_file_missing", source=str(path))
    _write_new_key(path)
    return audit_keys(settings)


def _write_new_key(path: Path) -> None:
    """A complete key file, or none: written aside, then linked into place unless another
    process or thread got there first (then theirs is the key)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:  # mkstemp makes it owner-only (600)
            out.write(new_key() + "\n")
        os.link(temporary, path)
        log.warning("Generated the audit key %s; keep a copy of it apart from the database backups.", path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    _keys.cache_clear()


def _has_table(session: Session | Connection, name: str) -> bool:
    connection = session.connection() if isinstance(session, Session) else session
    return inspect(connection).has_table(name)


# ---- signatures and links -----------------------------------------------------------------


def content_bytes(row: Mapping, values: Mapping[str, float]) -> bytes:
    """The canonical text of a revision and its indicator values, as signed."""
    content = {name: row[name] for name in CONTENT}
    content["submitted_at"] = row["submitted_at"].astimezone(dt.UTC).isoformat(timespec="microseconds")
    content["values"] = {code: repr(float(value)) for code, value in sorted(values.items())}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def row_mac(key: bytes, row: Mapping, values: Mapping[str, float]) -> str:
    return hmac.new(key, b"revision\n" + content_bytes(row, values), hashlib.sha256).hexdigest()


def link(key: bytes, previous: str, seq: int, revision_id: int, mac: str) -> str:
    """The hash that chains a revision (through its signature) to the one before it."""
    data = f"link\n{previous}\n{seq}\n{revision_id}\n{mac}".encode()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _same(stored: str | None, expected: str) -> bool:
    return stored is not None and hmac.compare_digest(stored, expected)


# ---- writing: sign and list ---------------------------------------------------------------


def record_written(
    session: Session, plan_code: str, rows: list[Mapping], values: Mapping[int, Mapping[str, float]]
) -> None:
    """Sign revisions the service has just inserted (each row with its id), in the caller's
    transaction. SQLite links them at once (its one writer already holds the database); a server
    database lists them for the linker, which runs right after commit."""
    if not rows:
        return
    keys = ensure_audit_key(session)  # an embedded database's first write may be the key's first use
    signed = [
        {"revision_id": row["id"], "plan_code": plan_code, "key_id": keys.current_id,
         "row_mac": row_mac(keys.current, row, values.get(row["id"], {}))}
        for row in rows
    ]  # fmt: skip
    if _dialect(session) == "sqlite":
        _chain(session, plan_code, signed, _lock_head(session, plan_code), keys)
    else:
        session.execute(insert(PENDING), signed)
        session.info.setdefault(LINK_AFTER_COMMIT, set()).add(plan_code)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the transaction goes on
        return
    plans = session.info.pop(LINK_AFTER_COMMIT, None)
    if plans:
        session.info["audit_link_now"] = plans


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(LINK_AFTER_COMMIT, None)


@event.listens_for(Session, "after_transaction_end")
def _link_after_commit(session: Session, transaction) -> None:
    """After a commit that listed revisions: the process's linker takes them, off the request path."""
    if transaction.parent is not None:
        return
    plans = session.info.pop("audit_link_now", None)
    if plans:
        bind = session.get_bind()
        LINKER.request(bind.engine if isinstance(bind, Connection) else bind, plans)


class _Linker:
    """One thread per process links what committed submissions listed, soon after each commit
    and off their request path. Requests that arrive while it works are served by its next pass,
    so a burst of submissions is linked in a few short transactions, not one per submission."""

    IDLE_SECONDS = 60  # the thread ends after this long without work, and starts again on demand

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._wanted: dict[int, tuple[Engine, set[str]]] = {}
        self._busy = False
        self._thread: threading.Thread | None = None

    def request(self, engine: Engine, plans: set[str]) -> None:
        with self._changed:
            self._wanted.setdefault(id(engine), (engine, set()))[1].update(plans)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="audit-chain-linker", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def wait(self, timeout: float = 30.0) -> bool:
        """Until everything requested so far is linked (tests, benchmarks, the end of a command)."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._wanted and not self._busy, timeout=timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._busy = False
                self._changed.notify_all()
                if not self._changed.wait_for(lambda: self._wanted, timeout=self.IDLE_SECONDS):
                    self._thread = None
                    return
                wanted, self._wanted, self._busy = self._wanted, {}, True
            for engine, plans in wanted.values():
                for plan_code in sorted(plans):
                    _link_in_own_transaction(engine, plan_code)


def _link_in_own_transaction(engine: Engine, plan_code: str) -> None:
    try:
        with engine.begin() as connection:
            link_pending(connection, plan_code)
    except Exception:  # noqa: BLE001  (the revisions are stored and listed: the next run links them)
        log.exception("Linking the audit chain of %s failed; the next run will link it.", plan_code)


LINKER = _Linker()
atexit.register(LINKER.wait)  # a command that wrote something links it before the process ends


def wait_for_linker(timeout: float = 30.0) -> bool:
    return LINKER.wait(timeout)


# ---- the linker ---------------------------------------------------------------------------


@dataclass
class LinkResult:
    linked: int = 0
    refused: list[int] = field(default_factory=list)  # listed, but not signed by the app


def link_pending(executor: Session | Connection, plan_code: str) -> LinkResult:
    """Chain the plan's listed revisions whose signature verifies, in id order, after the head
    (held locked until the caller's commit). Entries that do not verify are dropped from the list
    and stay unlinked, where `verify_chain` reports them."""
    if not has_pending(executor, plan_code):
        return LinkResult()
    head = _lock_head(executor, plan_code)
    listed = (
        executor.execute(
            select(
                PENDING.c.revision_id,
                PENDING.c.row_mac.label("listed_mac"),
                PENDING.c.key_id.label("listed_key"),
                *_revision_columns(),
            )
            .join(REVISIONS, REVISIONS.c.id == PENDING.c.revision_id, isouter=True)
            .where(PENDING.c.plan_code == plan_code)
            .order_by(PENDING.c.revision_id)
        )
        .mappings()
        .all()
    )
    if not listed:
        return LinkResult()
    keys = audit_keys()
    values = _values(executor, [r["revision_id"] for r in listed if r["id"] is not None])
    genuine, refused = [], []
    for row in listed:
        key = keys.keys.get(row["listed_key"])
        if (
            key is not None
            and row["id"] is not None
            and row["plan_code"] == plan_code
            and row["chain_seq"] is None
            and _same(row["listed_mac"], row_mac(key, row, values.get(row["id"], {})))
        ):
            genuine.append(
                {"revision_id": row["id"], "row_mac": row["listed_mac"], "key_id": row["listed_key"]}
            )
        else:
            refused.append(row["revision_id"])
    linked = _chain(executor, plan_code, genuine, head, keys)
    done = [{"b_id": r["revision_id"]} for r in listed]
    executor.execute(delete(PENDING).where(PENDING.c.revision_id == bindparam("b_id")), done)
    if refused:
        log.warning("Audit chain of %s: revisions %s are listed but not signed by the app; not linked.",
                    plan_code, refused[:20])  # fmt: skip
    return LinkResult(linked, refused)


def _chain(executor, plan_code: str, signed: list[dict], head: Mapping, keys: AuditKeys) -> int:
    """Append signed revisions (in the order given) after the locked head: one UPDATE for all."""
    seq, previous, last_id = head["last_seq"], head["last_hash"], head["last_revision_id"]
    updates = []
    for entry in signed:
        seq, last_id = seq + 1, entry["revision_id"]
        previous = link(keys.keys[entry["key_id"]], previous, seq, last_id, entry["row_mac"])
        updates.append({"b_id": last_id, "b_mac": entry["row_mac"], "b_key": entry["key_id"],
                        "b_seq": seq, "b_hash": previous})  # fmt: skip
    if not updates:
        return 0
    executor.execute(
        update(REVISIONS)
        .where(REVISIONS.c.id == bindparam("b_id"))
        .values(
            row_mac=bindparam("b_mac"),
            key_id=bindparam("b_key"),
            chain_seq=bindparam("b_seq"),
            chain_hash=bindparam("b_hash"),
        ),  # fmt: skip
        updates,
    )
    executor.execute(
        update(HEADS)
        .where(HEADS.c.plan_code == plan_code)
        .values(last_seq=seq, last_revision_id=last_id, last_hash=previous)
    )
    return len(updates)


def _lock_head(executor: Session | Connection, plan_code: str) -> Mapping:
    """The plan's chain head, locked until commit. The first linkers of a plan may meet here, so
    the head is created with "insert unless it exists" before it is locked."""
    query = select(HEADS).where(HEADS.c.plan_code == plan_code).with_for_update()
    head = executor.execute(query).mappings().first()
    if head is not None:
        return head
    upsert = postgresql_insert if _dialect(executor) == "postgresql" else sqlite_insert
    values = {"plan_code": plan_code, "last_revision_id": 0, "last_hash": GENESIS, "last_seq": 0}
    executor.execute(upsert(HEADS).values(**values).on_conflict_do_nothing())
    return executor.execute(query).mappings().one()


def _revision_columns() -> list:
    return [REVISIONS.c[name] for name in (*CONTENT, "submitted_at", *CHAIN)]


def _values(executor: Session | Connection, ids: list[int]) -> dict[int, dict[str, float]]:
    table = IndicatorValue.__table__
    values: dict[int, dict[str, float]] = {}
    for start in range(0, len(ids), CHUNK):
        query = select(table.c.revision_id, table.c.indicator_code, table.c.value).where(
            table.c.revision_id.in_(ids[start : start + CHUNK])
        )
        for revision_id, code, value in executor.execute(query):
            values.setdefault(revision_id, {})[code] = value
    return values


def _dialect(executor: Session | Connection) -> str:
    bind = executor.get_bind() if isinstance(executor, Session) else executor
    return bind.dialect.name


# ---- the anchor ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A chain head published outside the database: the last linked revision and its hash."""

    revision_id: int
    chain_hash: str

    def __str__(self) -> str:
        return f"{self.revision_id}:{self.chain_hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        match = re.fullmatch(r"\s*(\d{1,18}):([0-9a-fA-F]{64})\s*", text or "")
        if match is None:
            raise ReportRejected("audit_anchor_invalid", value=(text or "")[:100])
        return cls(int(match.group(1)), match.group(2).lower())


def chain_anchor(session: Session, plan_code: str) -> Anchor:
    """The plan's chain head as it stands (genesis while nothing is linked)."""
    head = session.execute(select(HEADS).where(HEADS.c.plan_code == plan_code)).mappings().first()
    if head is None:
        return Anchor(0, GENESIS)
    return Anchor(head["last_revision_id"], head["last_hash"])


def has_pending(executor: Session | Connection, plan_code: str) -> bool:
    query = select(PENDING.c.revision_id).where(PENDING.c.plan_code == plan_code).limit(1)
    return executor.execute(query).first() is not None


# ---- verifying ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    """One place where the history and its chain disagree. `what` is one of: missing (rows
    removed: positions `first`..`last`), changed (the row's content or link), not_written (a row
    the app never linked: inserted outside it), unknown_key (signed by a key not configured),
    head_mismatch, and against an anchor: anchor_missing, anchor_mismatch, before_anchor."""

    what: str
    revision_id: int | None = None
    params: dict = field(default_factory=dict)


@dataclass
class ChainReport:
    plan_code: str
    checked: int = 0
    linked: int = 0
    waiting: int = 0  # signed by the app and listed, not linked yet (written after the linker ran)
    anchor_found: bool = False
    problems: list[ChainProblem] = field(default_factory=list)


def verify_chain(session: Session, plan_code: str, anchor: Anchor | None = None) -> ChainReport:
    """Recompute every signature and link of the plan's history with the configured keys, and
    name every place where it breaks; with an anchor, also that the history up to it is unchanged."""
    keys = audit_keys()
    rows = (
        session.execute(
            select(*_revision_columns()).where(REVISIONS.c.plan_code == plan_code).order_by(REVISIONS.c.id)
        )
        .mappings()
        .all()
    )
    values = _plan_values(session, plan_code)
    head = session.execute(select(HEADS).where(HEADS.c.plan_code == plan_code)).mappings().first()
    report = ChainReport(plan_code, checked=len(rows))
    linked = sorted((r for r in rows if r["chain_seq"] is not None), key=lambda r: (r["chain_seq"], r["id"]))
    walk = _Walk(keys.keys, values, head)
    walk.run(linked)
    report.linked = walk.seq
    listed = _listed(session, plan_code)
    for row in (r for r in rows if r["chain_seq"] is None):
        if _signed(keys.keys, listed.get(row["id"]), row, values):
            report.waiting += 1
        elif _signed(keys.keys, (row["key_id"], row["row_mac"]), row, values):
            walk.problems.append(ChainProblem("changed", row["id"], {"detail": "unlinked"}))
        else:
            walk.problems.append(ChainProblem("not_written", row["id"]))
    walk.problems += walk.unknown_keys()
    if anchor is not None:
        report.anchor_found = any(r["id"] == anchor.revision_id for r in rows)
        if report.anchor_found:
            walk.problems += _anchor_problems(anchor, rows, walk.problems)
    report.problems = sorted(walk.problems, key=_problem_order)
    return report


def anchor_plan(session: Session, anchor: Anchor) -> str | None:
    """The plan whose history holds the anchor's revision (None when that row is gone)."""
    query = select(REVISIONS.c.plan_code).where(REVISIONS.c.id == anchor.revision_id)
    return session.execute(query).scalar()


class _Walk:
    """The linked rows in chain order, each checked against the one before it."""

    def __init__(self, keys: dict[str, bytes], values: dict, head: Mapping | None) -> None:
        self.keys, self.values, self.head = keys, values, head
        self.problems: list[ChainProblem] = []
        self.seq, self.hash, self.last_id = 0, GENESIS, None
        self.unknown: dict[str, list[int]] = {}

    def run(self, rows: list[Mapping]) -> None:
        for index, row in enumerate(rows):
            self.step(row, rows[index + 1] if index + 1 < len(rows) else None)
        self.finish(rows)

    def step(self, row: Mapping, following: Mapping | None) -> None:
        key = self.keys.get(row["key_id"])
        if key is None:  # cannot be checked: counted apart, and taken as the chain goes
            self.unknown.setdefault(str(row["key_id"]), []).append(row["id"])
            self.advance(row)
            return
        signed = _same(row["row_mac"], row_mac(key, row, self.values.get(row["id"], {})))
        follows = row["chain_seq"] == self.seq + 1 and self.links(key, self.hash, row)
        if signed and follows:
            self.advance(row)
            return
        if not signed and not follows and not self.carries_chain(row, following):
            self.problems.append(ChainProblem("not_written", row["id"], {"seq": row["chain_seq"]}))
            return
        if row["chain_seq"] > self.seq + 1:
            self.problems.append(self.gap(self.seq + 1, row["chain_seq"] - 1, row["id"]))
        if not signed:
            self.problems.append(ChainProblem("changed", row["id"], {"detail": "content"}))
        elif not follows and row["chain_seq"] <= self.seq + 1:
            self.problems.append(ChainProblem("changed", row["id"], {"detail": "link"}))
        self.advance(row)

    def links(self, key: bytes, previous: str, row: Mapping) -> bool:
        expected = link(key, previous, row["chain_seq"], row["id"], row["row_mac"] or "")
        return _same(row["chain_hash"], expected)

    def carries_chain(self, row: Mapping, following: Mapping | None) -> bool:
        """A row the chain goes on from (the next row links to it), so the app once linked it."""
        if following is None or following["chain_seq"] != row["chain_seq"] + 1:
            return False
        key = self.keys.get(following["key_id"])
        return key is not None and self.links(key, row["chain_hash"] or "", following)

    def advance(self, row: Mapping) -> None:
        self.seq, self.hash, self.last_id = row["chain_seq"], row["chain_hash"], row["id"]

    def gap(self, first: int, last: int, before: int | None) -> ChainProblem:
        return ChainProblem("missing", before, {"first": first, "last": last, "after": self.last_id})

    def finish(self, rows: list[Mapping]) -> None:
        head = self.head
        if head is None:
            if rows:
                self.problems.append(ChainProblem("head_mismatch", None, {"detail": "no_head"}))
            return
        state = (head["last_seq"], head["last_hash"], head["last_revision_id"])
        if state == (self.seq, self.hash, self.last_id or 0):
            return
        if head["last_seq"] > self.seq and not any(r["chain_seq"] > self.seq for r in rows):
            self.problems.append(self.gap(self.seq + 1, head["last_seq"], None))  # the newest rows
            return
        params = {"head": f"{head['last_revision_id']}:{head['last_hash']}", "seq": head["last_seq"],
                  "chain": f"{self.last_id or 0}:{self.hash}", "chain_seq": self.seq}  # fmt: skip
        self.problems.append(ChainProblem("head_mismatch", head["last_revision_id"], params))

    def unknown_keys(self) -> list[ChainProblem]:
        return [
            ChainProblem("unknown_key", ids[0], {"key_id": name, "count": len(ids)})
            for name, ids in sorted(self.unknown.items())
        ]


def _signed(keys: dict[str, bytes], signature: tuple | None, row: Mapping, values: dict) -> bool:
    if not signature:
        return False
    key = keys.get(signature[0])
    return key is not None and _same(signature[1], row_mac(key, row, values.get(row["id"], {})))


def _listed(session: Session, plan_code: str) -> dict[int, tuple[str, str]]:
    query = select(PENDING.c.revision_id, PENDING.c.key_id, PENDING.c.row_mac).where(
        PENDING.c.plan_code == plan_code
    )
    return {revision_id: (key, mac) for revision_id, key, mac in session.execute(query)}


def _plan_values(session: Session, plan_code: str) -> dict[int, dict[str, float]]:
    table = IndicatorValue.__table__
    query = (
        select(table.c.revision_id, table.c.indicator_code, table.c.value)
        .join(REVISIONS, REVISIONS.c.id == table.c.revision_id)
        .where(REVISIONS.c.plan_code == plan_code)
    )
    values: dict[int, dict[str, float]] = {}
    for revision_id, code, value in session.execute(query):
        values.setdefault(revision_id, {})[code] = value
    return values


def _anchor_problems(anchor: Anchor, rows: list[Mapping], problems: list[ChainProblem]) -> list:
    """The anchor's row must still carry the published hash, and nothing up to it may be wrong."""
    seq_of = {r["id"]: r["chain_seq"] for r in rows}
    found = []
    if not _same(_hash_of(rows, anchor.revision_id), anchor.chain_hash):
        found.append(ChainProblem("anchor_mismatch", anchor.revision_id, {"anchor": str(anchor)}))
    position = seq_of.get(anchor.revision_id) or 0

    def before(problem: ChainProblem) -> bool:
        if problem.what == "missing":
            return problem.params["first"] <= position
        seq = seq_of.get(problem.revision_id)
        return seq <= position if seq is not None else (problem.revision_id or 0) <= anchor.revision_id

    earlier = [p for p in problems if p.what != "head_mismatch" and before(p)]
    if earlier:
        found.append(ChainProblem("before_anchor", anchor.revision_id, {"count": len(earlier)}))
    return found


def _hash_of(rows: list[Mapping], revision_id: int) -> str | None:
    return next(
        (r["chain_hash"] for r in rows if r["id"] == revision_id and r["chain_seq"] is not None), None
    )


def _problem_order(problem: ChainProblem) -> tuple:
    return (problem.revision_id is None, problem.revision_id or 0, problem.what)

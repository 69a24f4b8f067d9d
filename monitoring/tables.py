"""The stored plan. Every load of a plan is a new version; earlier versions stay, so
history reported against them keeps its meaning (a body renamed, a measure reworded)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PlanVersion(SQLModel, table=True):
    """One loaded version of a plan; the full validated document is kept as JSON."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_code", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_code: str = Field(max_length=40, index=True)
    version: int
    country: str = Field(max_length=3)
    title_pt: str
    title_en: str
    legal_basis: str
    start: dt.date
    end: dt.date
    reconstruction: bool = False
    content_hash: str = Field(max_length=64)
    source_name: str = Field(default="", max_length=255)
    loaded_at: dt.datetime = Field(default_factory=utc_now)
    loaded_by: str = Field(default="", max_length=255)
    document: str = Field(sa_column=Column(Text, nullable=False))


class PlanState(SQLModel, table=True):
    """Whether a plan is in use: active plans take reports; an ended one stays readable with its
    history; an archived one is hidden from the pages. Loading a plan never changes another's."""

    __tablename__ = "plan_state"

    plan_code: str = Field(primary_key=True, max_length=40)
    status: str = Field(default="active", max_length=10)  # active, ended, archived
    changed_at: dt.datetime = Field(default_factory=utc_now)
    changed_by: str = Field(default="", max_length=255)


class BodyRow(SQLModel, table=True):
    __tablename__ = "body"
    __table_args__ = (UniqueConstraint("plan_version_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    code: str = Field(max_length=40)
    name_pt: str
    name_en: str
    kind: str = Field(max_length=30)
    parent_code: str | None = Field(default=None, max_length=40)


class AxisRow(SQLModel, table=True):
    __tablename__ = "axis"
    __table_args__ = (UniqueConstraint("plan_version_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    code: str = Field(max_length=20)
    position: int
    title_pt: str
    title_en: str


class ObjectiveRow(SQLModel, table=True):
    __tablename__ = "objective"
    __table_args__ = (UniqueConstraint("plan_version_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    code: str = Field(max_length=20)
    position: int
    gcm_number: int
    axis_code: str = Field(max_length=20)
    title_pt: str
    title_en: str


class MeasureRow(SQLModel, table=True):
    __tablename__ = "measure"
    __table_args__ = (UniqueConstraint("plan_version_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    code: str = Field(max_length=20)
    position: int
    objective_code: str = Field(max_length=20)
    title_pt: str
    title_en: str
    description_pt: str = ""
    description_en: str = ""
    lead_body_code: str = Field(max_length=40)
    deadline: dt.date | None = None
    continuous: bool = False
    source: str = ""


class MeasureBody(SQLModel, table=True):
    """Which bodies lead or share a measure: what a body's focal point reports on."""

    __tablename__ = "measure_body"
    __table_args__ = (
        UniqueConstraint("plan_version_id", "measure_code", "body_code"),
        Index("ix_measure_body_body", "plan_version_id", "body_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    measure_code: str = Field(max_length=20)
    body_code: str = Field(max_length=40)
    role: str = Field(max_length=10)  # "lead" or "co"


class IndicatorRow(SQLModel, table=True):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("plan_version_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    measure_code: str = Field(max_length=20)
    code: str = Field(max_length=20)
    position: int
    name_pt: str
    name_en: str
    unit: str | None = Field(default=None, max_length=60)
    kind: str = Field(max_length=30)
    direction: str = Field(max_length=10)
    baseline: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    target_date: dt.date | None = None


class User(SQLModel, table=True):
    """A person who uses the platform, with one role; the password is an argon2 hash."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=255, unique=True)
    name: str = Field(max_length=255)
    role: str = Field(max_length=30)
    is_active: bool = True
    created_at: dt.datetime = Field(default_factory=utc_now)
    password_hash: str = Field(default="", max_length=255)
    failed_logins: int = 0
    locked_until: dt.datetime | None = None
    password_changed_at: dt.datetime | None = None
    last_login_at: dt.datetime | None = None


class UserBody(SQLModel, table=True):
    """The bodies a focal point or validator answers for (by stable body code)."""

    __tablename__ = "user_body"
    __table_args__ = (UniqueConstraint("user_id", "body_code"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    body_code: str = Field(max_length=40)


HISTORY_COLUMNS = (
    "plan_code", "id", "measure_code", "month", "body_code", "stage", "pace", "percent", "submitted_at",
    "late", "channel",
)  # fmt: skip


LATEST_COLUMNS = ("plan_code", "measure_code", "month", "id", "submitted_at", "body_code", "stage")


class StatusRevision(SQLModel, table=True):
    """One submitted report on one measure for one month. Never updated, never deleted:
    the current state of (measure, month) is its latest revision."""

    __tablename__ = "status_revision"
    __table_args__ = (
        # Covers the choice of each (measure, month)'s latest counted revision (`progress.counted_reports`).
        Index("ix_revision_latest", *LATEST_COLUMNS),
        Index("ix_revision_month", "plan_code", "month"),
        # Covers the dashboards' history (`progress.revisions_frame`): one plan's rows in one range.
        Index("ix_revision_history", *HISTORY_COLUMNS),
        # A position in a plan's audit chain is taken once (see monitoring/audit_chain.py).
        Index("uq_revision_chain_seq", "plan_code", "chain_seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_code: str = Field(max_length=40)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    measure_code: str = Field(max_length=20)
    month: str = Field(max_length=7)
    body_code: str = Field(max_length=40)
    stage: str = Field(max_length=20)
    pace: str | None = Field(default=None, max_length=20)
    percent: int | None = None
    done: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    obstacles: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    next_steps: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    evidence: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    justification: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    outlier_note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    author_id: int = Field(foreign_key="app_user.id")
    submitted_at: dt.datetime = Field(default_factory=utc_now)
    late: bool = False
    channel: str = Field(default="app", max_length=20)
    # The audit chain (see monitoring/audit_chain.py): the signature of this row's content, the
    # key that signed it, its position in the plan's chain and the link to the one before it.
    row_mac: str | None = Field(default=None, max_length=64)
    key_id: str | None = Field(default=None, max_length=16)
    chain_seq: int | None = None
    chain_hash: str | None = Field(default=None, max_length=64)


class IndicatorValue(SQLModel, table=True):
    """An indicator's value for the month, as reported in one revision."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("revision_id", "indicator_code"),)

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="status_revision.id", index=True)
    indicator_code: str = Field(max_length=20)
    value: float


class BodyMonthEvent(SQLModel, table=True):
    """What happened to a body's month: submitted, validated, sent back, unlocked, reopened.
    Append-only; a body's month is in the state of its latest event."""

    __tablename__ = "body_month_event"
    __table_args__ = (Index("ix_body_month", "plan_code", "month", "body_code", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_code: str = Field(max_length=40)
    month: str = Field(max_length=7)
    body_code: str = Field(max_length=40)
    event: str = Field(max_length=20)
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    open_until: dt.date | None = None
    actor_id: int = Field(foreign_key="app_user.id")
    at: dt.datetime = Field(default_factory=utc_now)


class ProgressSnapshot(SQLModel, table=True):
    """One measure's state as of a closed month, on the record basis: stored once after the month's
    closing moment, when it can no longer change (see `monitoring.snapshots`)."""

    __tablename__ = "progress_snapshot"
    __table_args__ = (
        UniqueConstraint(
            "plan_version_id", "as_of", "basis", "validated_only", "moment", "stalled_months", "measure_code"
        ),
        Index("ix_progress_snapshot_moment", "plan_code", "moment"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_code: str = Field(max_length=40)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    as_of: str = Field(max_length=7)
    basis: str = Field(max_length=10)
    validated_only: bool
    moment: dt.datetime  # what it read up to (UTC): the closing moment of `as_of`
    stalled_months: int
    measure_code: str = Field(max_length=20)
    stage: str = Field(max_length=20)
    overdue: bool
    stalled: bool
    regressed: bool
    missing: bool
    last_change: str | None = Field(default=None, max_length=7)
    last_revision_id: int | None = None
    stored_at: dt.datetime = Field(default_factory=utc_now)


class ReportDraft(SQLModel, table=True):
    """Work in progress, saved on the server before submit, so a reload loses nothing."""

    __tablename__ = "report_draft"
    __table_args__ = (UniqueConstraint("user_id", "plan_code", "month", "measure_code"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id")
    plan_code: str = Field(max_length=40)
    month: str = Field(max_length=7)
    measure_code: str = Field(max_length=20)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    saved_at: dt.datetime = Field(default_factory=utc_now)


class AuditHead(SQLModel, table=True):
    """The last link of a plan's report hash chain; locked while the linker extends it."""

    __tablename__ = "audit_head"

    plan_code: str = Field(primary_key=True, max_length=40)
    last_revision_id: int = 0
    last_hash: str = Field(max_length=64)
    last_seq: int = 0


class AuditPending(SQLModel, table=True):
    """Revisions the service has just stored and signed, waiting for the linker to chain them.
    The linker checks each signature and links only those it can verify."""

    __tablename__ = "audit_pending"

    revision_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    plan_code: str = Field(max_length=40, index=True)
    row_mac: str = Field(max_length=64)
    key_id: str = Field(max_length=16)


class UserSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
    copy of the database signs nobody in. Ended sessions stay a while for the record."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: dt.datetime = Field(default_factory=utc_now)
    last_seen_at: dt.datetime = Field(default_factory=utc_now)
    expires_at: dt.datetime  # the absolute end, whatever the activity
    user_agent: str = Field(default="", max_length=300)
    method: str = Field(default="password", max_length=20)  # "password" or "oidc"
    ended_at: dt.datetime | None = None
    end_reason: str = Field(default="", max_length=30)

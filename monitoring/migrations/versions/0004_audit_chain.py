"""audit chain: a hash chain over the report history, with its head per plan

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 16:10:00
"""

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("plan_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("last_revision_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("plan_code"),
    )
    with op.batch_alter_table("status_revision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("chain_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    _link_existing_history()


# The chain as this revision defined it: SHA-256 over the previous hash and the row's content,
# in id order. Kept here, frozen, so this migration means the same whatever the app does later
# (0006 reads these links to decide which rows it may sign with the keyed chain).
LEGACY_GENESIS = "0" * 64
LEGACY_CONTENT = (
    "id", "plan_code", "plan_version_id", "measure_code", "month", "body_code", "stage", "pace",
    "percent", "done", "obstacles", "next_steps", "evidence", "justification", "outlier_note",
    "author_id", "late", "channel",
)  # fmt: skip


# The revision table as these migrations read it: typed, so that values come back as the app
# saw them when it linked (booleans as booleans, times in UTC) on SQLite and PostgreSQL alike.
REVISIONS = sa.table(
    "status_revision",
    *(sa.column(name, sa.Integer()) for name in ("id", "plan_version_id", "percent", "author_id")),
    *(sa.column(name, sa.String()) for name in LEGACY_CONTENT if name not in
      ("id", "plan_version_id", "percent", "author_id", "late")),
    sa.column("late", sa.Boolean()),
    sa.column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column("chain_hash", sa.String()),
)  # fmt: skip
VALUES = sa.table(
    "indicator_value",
    sa.column("revision_id", sa.Integer()),
    sa.column("indicator_code", sa.String()),
    sa.column("value", sa.Float()),
)


def legacy_link(previous: str, row, values: dict[str, float]) -> str:
    content = {name: row[name] for name in LEGACY_CONTENT}
    content["submitted_at"] = row["submitted_at"].astimezone(dt.UTC).isoformat(timespec="microseconds")
    content["values"] = {code: repr(float(value)) for code, value in sorted(values.items())}
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((previous + data).encode("utf-8")).hexdigest()


def history(connection, plan_code: str, columns=()) -> tuple[list, dict[int, dict[str, float]]]:
    """A plan's revisions in id order (as mappings) and their indicator values, read with Core."""
    query = (
        sa.select(*REVISIONS.c, *columns).where(REVISIONS.c.plan_code == plan_code).order_by(REVISIONS.c.id)
    )
    rows = connection.execute(query).mappings().all()
    values: dict[int, dict[str, float]] = {}
    joined = (
        sa.select(VALUES.c.revision_id, VALUES.c.indicator_code, VALUES.c.value)
        .join(REVISIONS, REVISIONS.c.id == VALUES.c.revision_id)
        .where(REVISIONS.c.plan_code == plan_code)
    )
    for revision_id, code, value in connection.execute(joined):
        values.setdefault(revision_id, {})[code] = value
    return rows, values


def _link_existing_history() -> None:
    """Reports stored before the chain existed are linked now, in id order, with one UPDATE."""
    connection = op.get_bind()
    codes = connection.execute(sa.text("SELECT DISTINCT plan_code FROM status_revision")).scalars().all()
    for code in codes:
        rows, values = history(connection, code)
        previous, links = LEGACY_GENESIS, []
        for row in rows:
            previous = legacy_link(previous, row, values.get(row["id"], {}))
            links.append({"b_id": row["id"], "b_hash": previous})
        connection.execute(sa.text("UPDATE status_revision SET chain_hash = :b_hash WHERE id = :b_id"), links)
        connection.execute(
            sa.text(
                "INSERT INTO audit_head (plan_code, last_revision_id, last_hash) VALUES (:plan, :id, :hash)"
            ),
            {"plan": code, "id": rows[-1]["id"], "hash": previous},
        )


def downgrade() -> None:
    # SQLite drops the column in place: a batch copy would drop `status_revision`, which the
    # foreign keys of its indicator values forbid once it holds data.
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "status_revision" DROP COLUMN "chain_hash"')
    else:
        op.drop_column("status_revision", "chain_hash")
    op.drop_table("audit_head")

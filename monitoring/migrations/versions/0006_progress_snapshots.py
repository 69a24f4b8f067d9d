"""progress snapshots: closed months' states stored once; a covering index for the latest revisions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 03:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LATEST = ["plan_code", "measure_code", "month", "id", "submitted_at", "body_code", "stage"]
SNAPSHOT_KEY = [
    "plan_version_id", "as_of", "basis", "validated_only", "moment", "stalled_months", "measure_code",
]  # fmt: skip


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "progress_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_code", text(length=40), nullable=False),
        sa.Column("plan_version_id", sa.Integer(), nullable=False),
        sa.Column("as_of", text(length=7), nullable=False),
        sa.Column("basis", text(length=10), nullable=False),
        sa.Column("validated_only", sa.Boolean(), nullable=False),
        sa.Column("moment", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("stalled_months", sa.Integer(), nullable=False),
        sa.Column("measure_code", text(length=20), nullable=False),
        sa.Column("stage", text(length=20), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("stalled", sa.Boolean(), nullable=False),
        sa.Column("regressed", sa.Boolean(), nullable=False),
        sa.Column("missing", sa.Boolean(), nullable=False),
        sa.Column("last_change", text(length=7), nullable=True),
        sa.Column("last_revision_id", sa.Integer(), nullable=True),
        sa.Column("stored_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_version_id"], ["plan_version.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(*SNAPSHOT_KEY),
    )
    with op.batch_alter_table("progress_snapshot", schema=None) as batch_op:
        batch_op.create_index("ix_progress_snapshot_moment", ["plan_code", "moment"], unique=False)
    with op.batch_alter_table("status_revision", schema=None) as batch_op:
        batch_op.create_index("ix_revision_latest", LATEST, unique=False)
        batch_op.drop_index("ix_revision_measure_month")


def downgrade() -> None:
    with op.batch_alter_table("status_revision", schema=None) as batch_op:
        batch_op.create_index(
            "ix_revision_measure_month", ["plan_code", "measure_code", "month", "id"], unique=False
        )
        batch_op.drop_index("ix_revision_latest")
    op.drop_table("progress_snapshot")

"""revision history index: the dashboards read one plan's history from the index alone

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 16:00:00
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = [
    "plan_code", "id", "measure_code", "month", "body_code", "stage", "pace", "percent", "submitted_at",
    "late", "channel",
]  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("status_revision", schema=None) as batch_op:
        batch_op.create_index("ix_revision_history", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("status_revision", schema=None) as batch_op:
        batch_op.drop_index("ix_revision_history")

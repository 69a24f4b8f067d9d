"""plan state: which plans are active, ended or archived (several plans in one database)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 03:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_state",
        sa.Column("plan_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.PrimaryKeyConstraint("plan_code"),
    )
    # Every plan already stored stays usable: none is switched off by this change.
    op.execute(
        "INSERT INTO plan_state (plan_code, status, changed_at, changed_by) "
        "SELECT DISTINCT plan_code, 'active', CURRENT_TIMESTAMP, 'migration' FROM plan_version"
    )


def downgrade() -> None:
    op.drop_table("plan_state")

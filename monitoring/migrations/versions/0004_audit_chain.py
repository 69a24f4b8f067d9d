"""audit chain: a hash chain over the report history, with its head per plan

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 16:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy import orm

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


def _link_existing_history() -> None:
    """Reports stored before the chain existed are linked now, in id order."""
    from monitoring.audit_chain import extend_chain, lock_head

    session = orm.Session(bind=op.get_bind())
    codes = session.execute(sa.text("SELECT DISTINCT plan_code FROM status_revision")).scalars().all()
    for code in codes:
        extend_chain(session, lock_head(session, code))
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("status_revision", schema=None) as batch_op:
        batch_op.drop_column("chain_hash")
    op.drop_table("audit_head")

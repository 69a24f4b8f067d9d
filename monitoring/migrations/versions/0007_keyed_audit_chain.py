"""keyed audit chain: each revision signed with a key kept outside the database, a position in
its plan's chain, and a list of revisions waiting for the linker

The history linked by 0004's unkeyed chain is signed and linked again with the audit key, in id
order. A row that 0004's chain does not vouch for (changed, inserted, or never linked) is left
unlinked, so `verify-audit` reports it instead of the migration vouching for it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 04:00:00
"""

import importlib

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

legacy = importlib.import_module("monitoring.migrations.versions.0004_audit_chain")


def upgrade() -> None:
    with op.batch_alter_table("status_revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("row_mac", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column("chain_seq", sa.Integer(), nullable=True))
    op.create_index("uq_revision_chain_seq", "status_revision", ["plan_code", "chain_seq"], unique=True)
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seq", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "audit_pending",
        sa.Column("revision_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("plan_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("row_mac", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.PrimaryKeyConstraint("revision_id"),
    )
    op.create_index("ix_audit_pending_plan_code", "audit_pending", ["plan_code"], unique=False)
    _sign_linked_history()


def _sign_linked_history() -> None:
    connection = op.get_bind()
    codes = connection.execute(sa.text("SELECT DISTINCT plan_code FROM status_revision")).scalars().all()
    if not codes:
        return
    from monitoring.audit_chain import GENESIS, ensure_audit_key, link, row_mac

    keys = ensure_audit_key(connection)
    for code in codes:
        rows, values = legacy.history(connection, code)
        previous_legacy, previous, seq, last_id, updates = legacy.LEGACY_GENESIS, GENESIS, 0, 0, []
        for row in rows:
            own = values.get(row["id"], {})
            vouched = row["chain_hash"] == legacy.legacy_link(previous_legacy, row, own)
            previous_legacy = row["chain_hash"] or legacy.legacy_link(previous_legacy, row, own)
            if not vouched:
                updates.append(
                    {"b_id": row["id"], "b_mac": None, "b_key": None, "b_seq": None, "b_hash": None}
                )
                continue
            mac = row_mac(keys.current, row, own)
            seq, last_id = seq + 1, row["id"]
            previous = link(keys.current, previous, seq, last_id, mac)
            updates.append(
                {"b_id": last_id, "b_mac": mac, "b_key": keys.current_id, "b_seq": seq, "b_hash": previous}
            )
        connection.execute(
            sa.text(
                "UPDATE status_revision SET row_mac = :b_mac, key_id = :b_key, chain_seq = :b_seq, "
                "chain_hash = :b_hash WHERE id = :b_id"
            ),
            updates,
        )
        connection.execute(
            sa.text(
                "UPDATE audit_head SET last_seq = :seq, last_revision_id = :id, last_hash = :hash "
                "WHERE plan_code = :plan"
            ),
            {"plan": code, "seq": seq, "id": last_id, "hash": previous},
        )


def downgrade() -> None:
    """Back to 0004's unkeyed chain over the rows the keyed chain links (the others stay unlinked)."""
    connection = op.get_bind()
    codes = connection.execute(sa.text("SELECT DISTINCT plan_code FROM status_revision")).scalars().all()
    for code in codes:
        rows, values = legacy.history(connection, code, [sa.column("chain_seq")])
        previous, updates, last_id = legacy.LEGACY_GENESIS, [], 0
        for row in rows:
            if row["chain_seq"] is None:
                updates.append({"b_id": row["id"], "b_hash": None})
                continue
            previous, last_id = legacy.legacy_link(previous, row, values.get(row["id"], {})), row["id"]
            updates.append({"b_id": row["id"], "b_hash": previous})
        connection.execute(
            sa.text("UPDATE status_revision SET chain_hash = :b_hash WHERE id = :b_id"), updates
        )
        connection.execute(
            sa.text(
                "UPDATE audit_head SET last_revision_id = :id, last_hash = :hash WHERE plan_code = :plan"
            ),
            {"plan": code, "id": last_id, "hash": previous},
        )
    op.drop_index("ix_audit_pending_plan_code", table_name="audit_pending")
    op.drop_table("audit_pending")
    op.drop_index("uq_revision_chain_seq", table_name="status_revision")
    for table, column in (("audit_head", "last_seq"), ("status_revision", "chain_seq"),
                          ("status_revision", "key_id"), ("status_revision", "row_mac")):  # fmt: skip
        drop_column(table, column)


def drop_column(table: str, column: str) -> None:
    """SQLite drops an unindexed column in place; a batch copy would drop `status_revision`,
    which the foreign keys of its indicator values forbid once it holds data."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    else:
        op.drop_column(table, column)

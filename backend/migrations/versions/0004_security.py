"""Security: seller-filed insurance waits for the marketplace's verification; staff accounts
(agents, fraud experts, admins) with revocable sign-in sessions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Policies get a verification state (the ones already on file were loaded or accepted);
    staff accounts and their sessions."""
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_accounts"),
        sa.UniqueConstraint("username", name="uq_staff_accounts_username"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_accounts.id"],
            name="fk_staff_sessions_account_id_staff_accounts",
        ),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_staff_sessions"),
    )
    op.create_index("ix_staff_sessions_account_id", "staff_sessions", ["account_id"])
    with op.batch_alter_table("insurance_policies") as batch:
        batch.add_column(
            sa.Column("verification", sa.String(16), nullable=False, server_default="verified")
        )
        batch.add_column(sa.Column("verified_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("verified_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_index("ix_staff_sessions_account_id", table_name="staff_sessions")
    op.drop_table("staff_sessions")
    op.drop_table("staff_accounts")
    with op.batch_alter_table("insurance_policies") as batch:
        batch.drop_column("verified_at")
        batch.drop_column("verified_by")
        batch.drop_column("verification")

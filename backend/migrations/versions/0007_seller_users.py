"""Seller portal: the users of a seller with their sign-in sessions; room in the timeline for
an actor naming the user ("seller:S-ACME:alice").

Revision ID: 0006_seller_users
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seller_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_seller_users_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_seller_users"),
        sa.UniqueConstraint("username", name="uq_seller_users_username"),
    )
    op.create_index("ix_seller_users_seller_id", "seller_users", ["seller_id"])
    op.create_table(
        "seller_sessions",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["seller_users.id"], name="fk_seller_sessions_user_id_seller_users"
        ),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_seller_sessions"),
    )
    op.create_index("ix_seller_sessions_user_id", "seller_sessions", ["user_id"])
    with op.batch_alter_table("claim_events") as events:
        events.alter_column("actor", type_=sa.String(200), existing_nullable=False)
    with op.batch_alter_table("decisions") as decisions:
        decisions.alter_column("decided_by", type_=sa.String(200), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("decisions") as decisions:
        decisions.alter_column("decided_by", type_=sa.String(100), existing_nullable=False)
    with op.batch_alter_table("claim_events") as events:
        events.alter_column("actor", type_=sa.String(100), existing_nullable=False)
    op.drop_index("ix_seller_sessions_user_id", table_name="seller_sessions")
    op.drop_table("seller_sessions")
    op.drop_index("ix_seller_users_seller_id", table_name="seller_users")
    op.drop_table("seller_users")

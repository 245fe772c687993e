"""Handoffs: conversations the assistant hands to a customer-service agent and gets back.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime()
# Frozen here on purpose: a migration must not change when the application's constants do.
OPEN_HANDOFF = sa.text("status IN ('waiting', 'active')")


def upgrade() -> None:
    """Add the handoffs table; a conversation has at most one open handoff."""
    op.create_table(
        "handoffs",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("agent", sa.String(100), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("customer_message", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("taken_at", TIMESTAMP, nullable=True),
        sa.Column("returned_at", TIMESTAMP, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_handoffs"),
    )
    op.create_index("ix_handoffs_conversation_id_status", "handoffs", ["conversation_id", "status"])
    op.create_index(
        "uq_handoffs_open_per_conversation",
        "handoffs",
        ["conversation_id"],
        unique=True,
        sqlite_where=OPEN_HANDOFF,
        postgresql_where=OPEN_HANDOFF,
    )


def downgrade() -> None:
    """Back to the lifecycle schema."""
    op.drop_index("uq_handoffs_open_per_conversation", "handoffs")
    op.drop_index("ix_handoffs_conversation_id_status", "handoffs")
    op.drop_table("handoffs")

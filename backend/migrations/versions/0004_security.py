"""Security: seller-filed insurance waits for the marketplace's verification; chat sessions and
conversations are owned by the channel that started them.

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
    """Policies get a verification state; the ones already on file were loaded or accepted."""
    with op.batch_alter_table("insurance_policies") as batch:
        batch.add_column(
            sa.Column("verification", sa.String(16), nullable=False, server_default="verified")
        )
        batch.add_column(sa.Column("verified_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("verified_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("insurance_policies") as batch:
        batch.drop_column("verified_at")
        batch.drop_column("verified_by")
        batch.drop_column("verification")

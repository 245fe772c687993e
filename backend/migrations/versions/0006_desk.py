"""The claims desk: when a payout was confirmed paid (a claim closes once its money is settled).

Recoveries gain the statuses ``released`` and ``collected``, appeals ``upheld`` and ``granted``,
outbox messages ``dropped``: they are text columns, so only the payout's new column is a change
of schema.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payouts") as payouts:
        payouts.add_column(sa.Column("paid_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payouts") as payouts:
        payouts.drop_column("paid_at")

"""Insurance accelerator: product categories on order items, partner insurers' quotes (each
round of asking and its offers), and the reminders sent about proof of insurance.

Revision ID: 0006_insurance_quotes
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("order_items") as items:
        items.add_column(sa.Column("category", sa.String(64), nullable=True))
    op.create_table(
        "insurance_quote_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("unavailable", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_insurance_quote_requests_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_insurance_quote_requests"),
    )
    op.create_index(
        "ix_insurance_quote_requests_seller_id", "insurance_quote_requests", ["seller_id"]
    )
    op.create_table(
        "insurance_quotes",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("insurer_id", sa.String(64), nullable=False),
        sa.Column("insurer_name", sa.String(200), nullable=False),
        sa.Column("insurer_quote_id", sa.String(64), nullable=False),
        sa.Column("premium_annual", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("per_occurrence_limit", sa.BigInteger(), nullable=False),
        sa.Column("aggregate_limit", sa.BigInteger(), nullable=False),
        sa.Column("deductible", sa.BigInteger(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.Column("terms_url", sa.String(2000), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("policy_number", sa.String(100), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["insurance_quote_requests.id"],
            name="fk_insurance_quotes_request_id_insurance_quote_requests",
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_insurance_quotes_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_insurance_quotes"),
        sa.UniqueConstraint(
            "insurer_id", "insurer_quote_id", name="uq_insurance_quotes_insurer_id"
        ),
    )
    op.create_index("ix_insurance_quotes_request_id", "insurance_quotes", ["request_id"])
    op.create_index("ix_insurance_quotes_seller_id", "insurance_quotes", ["seller_id"])
    op.create_table(
        "insurance_reminders",
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("proof_due", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_insurance_reminders_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("seller_id", "proof_due", "topic", name="pk_insurance_reminders"),
    )


def downgrade() -> None:
    op.drop_table("insurance_reminders")
    op.drop_index("ix_insurance_quotes_seller_id", table_name="insurance_quotes")
    op.drop_index("ix_insurance_quotes_request_id", table_name="insurance_quotes")
    op.drop_table("insurance_quotes")
    op.drop_index("ix_insurance_quote_requests_seller_id", table_name="insurance_quote_requests")
    op.drop_table("insurance_quote_requests")
    with op.batch_alter_table("order_items") as items:
        items.drop_column("category")

"""The claim's life after filing: seller responses, recoveries, appeals, audit actors, the
notification outbox, narrative signatures for screening, seller webhooks and insurance uploads.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MONEY = sa.BigInteger()
TIMESTAMP = sa.DateTime()


def upgrade() -> None:
    """Add the lifecycle tables and columns."""
    with op.batch_alter_table("sellers") as batch:
        batch.add_column(sa.Column("webhook_url", sa.String(2000), nullable=True))
    with op.batch_alter_table("insurance_policies") as batch:
        batch.add_column(
            sa.Column("submitted_by", sa.String(32), nullable=False, server_default="marketplace")
        )
        batch.add_column(sa.Column("submitted_at", TIMESTAMP, nullable=True))
        batch.add_column(sa.Column("proof_evidence_id", sa.String(32), nullable=True))
        batch.create_foreign_key(
            "fk_insurance_policies_proof_evidence_id_evidence",
            "evidence",
            ["proof_evidence_id"],
            ["id"],
        )
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("delivery_address", sa.Text(), nullable=True))
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("delivery_address_key", sa.String(255), nullable=True))
        batch.add_column(
            sa.Column("dispute_open", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("other_losses", sa.JSON(), nullable=True))
    op.create_index("ix_claims_delivery_address_key", "claims", ["delivery_address_key"])
    op.create_index("ix_claims_customer_id_filed_at", "claims", ["customer_id", "filed_at"])
    op.create_index(
        "ix_claims_delivery_address_key_filed_at", "claims", ["delivery_address_key", "filed_at"]
    )
    op.create_index("ix_claim_evidence_evidence_id", "claim_evidence", ["evidence_id"])
    with op.batch_alter_table("claim_events") as batch:
        batch.add_column(
            sa.Column("actor", sa.String(100), nullable=False, server_default="system")
        )
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(
            sa.Column("decided_by", sa.String(100), nullable=False, server_default="system")
        )
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))

    op.create_table(
        "seller_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("responded_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_seller_responses_claim_id_claims"
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_seller_responses_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_seller_responses"),
    )
    op.create_index("ix_seller_responses_claim_id", "seller_responses", ["claim_id"])
    op.create_table(
        "recoveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_at", TIMESTAMP, nullable=False),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name="fk_recoveries_claim_id_claims"),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_recoveries_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_recoveries"),
    )
    op.create_index("ix_recoveries_claim_id", "recoveries", ["claim_id"])
    op.create_index("ix_recoveries_seller_id", "recoveries", ["seller_id"])
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("filed_at", TIMESTAMP, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name="fk_appeals_claim_id_claims"),
        sa.ForeignKeyConstraint(["seller_id"], ["sellers.id"], name="fk_appeals_seller_id_sellers"),
        sa.PrimaryKeyConstraint("id", name="pk_appeals"),
    )
    op.create_index("ix_appeals_claim_id", "appeals", ["claim_id"])
    op.create_table(
        "narrative_signatures",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_narrative_signatures_claim_id_claims"
        ),
        sa.PrimaryKeyConstraint("claim_id", "band", name="pk_narrative_signatures"),
    )
    op.create_index(
        "ix_narrative_signatures_band_bucket", "narrative_signatures", ["band", "bucket"]
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(2000), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIMESTAMP, nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        sa.Column("delivered_at", TIMESTAMP, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_outbox_messages_claim_id_claims"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_messages"),
    )
    op.create_index("ix_outbox_messages_claim_id", "outbox_messages", ["claim_id"])
    op.create_index(
        "ix_outbox_messages_status_next_attempt_at",
        "outbox_messages",
        ["status", "next_attempt_at"],
    )


def downgrade() -> None:
    """Back to the first release's schema."""
    for table in ("outbox_messages", "narrative_signatures", "appeals", "recoveries"):
        op.drop_table(table)
    op.drop_table("seller_responses")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("note")
        batch.drop_column("decided_by")
    with op.batch_alter_table("claim_events") as batch:
        batch.drop_column("note")
        batch.drop_column("actor")
    op.drop_index("ix_claim_evidence_evidence_id", "claim_evidence")
    op.drop_index("ix_claims_delivery_address_key_filed_at", "claims")
    op.drop_index("ix_claims_customer_id_filed_at", "claims")
    op.drop_index("ix_claims_delivery_address_key", "claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("other_losses")
        batch.drop_column("dispute_open")
        batch.drop_column("delivery_address_key")
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("delivery_address")
    with op.batch_alter_table("insurance_policies") as batch:
        batch.drop_constraint("fk_insurance_policies_proof_evidence_id_evidence", "foreignkey")
        batch.drop_column("proof_evidence_id")
        batch.drop_column("submitted_at")
        batch.drop_column("submitted_by")
    with op.batch_alter_table("sellers") as batch:
        batch.drop_column("webhook_url")

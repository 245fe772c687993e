"""Create the claims desk: marketplace data, claims with their decisions, events and payouts,
evidence and idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Money columns are integer cents (BIGINT); timestamps are naive UTC (see backend/models.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

MONEY = sa.BigInteger()
TIMESTAMP = sa.DateTime()
# Frozen here on purpose: a migration must not change when the application's constants do.
STANDING_CLAIM = sa.text("status NOT IN ('closed', 'denied', 'withdrawn')")


def upgrade() -> None:
    """Create every table of the first release."""
    op.create_table(
        "customers",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("postal_code", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
    )
    op.create_table(
        "sellers",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("api_key_sha256", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sellers"),
        sa.UniqueConstraint("api_key_sha256", name="uq_sellers_api_key_sha256"),
    )
    op.create_table(
        "monthly_sales",
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_monthly_sales_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("seller_id", "month", name="pk_monthly_sales"),
    )
    op.create_table(
        "insurance_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("policy_number", sa.String(100), nullable=False),
        sa.Column("insurer", sa.String(200), nullable=False),
        sa.Column("per_occurrence_limit", MONEY, nullable=False),
        sa.Column("additional_insured", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_insurance_policies_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_insurance_policies"),
        sa.UniqueConstraint("seller_id", "policy_number", name="uq_insurance_policies_seller_id"),
    )
    op.create_index("ix_insurance_policies_seller_id", "insurance_policies", ["seller_id"])
    op.create_table(
        "orders",
        sa.Column("id", sa.String(19), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("placed_at", TIMESTAMP, nullable=False),
        sa.Column("delivered_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_orders_customer_id_customers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_orders"),
    )
    op.create_index("ix_orders_customer_id", "orders", ["customer_id"])
    op.create_table(
        "order_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(19), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("price", MONEY, nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name="fk_order_items_order_id_orders"),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name="fk_order_items_seller_id_sellers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_order_items"),
        sa.UniqueConstraint("order_id", "sku", name="uq_order_items_order_id"),
    )
    op.create_index("ix_order_items_seller_id", "order_items", ["seller_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("original_filename", sa.String(255), nullable=True),
        sa.Column("conversation_id", sa.String(255), nullable=True),
        sa.Column("uploaded_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
    )
    op.create_index("ix_evidence_sha256", "evidence", ["sha256"])
    op.create_index("ix_evidence_conversation_id", "evidence", ["conversation_id"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("order_id", sa.String(19), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("seller_id", sa.String(64), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("customer_email", sa.String(254), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=False),
        sa.Column("defect_description", sa.Text(), nullable=False),
        sa.Column("property_damage_description", sa.Text(), nullable=True),
        sa.Column("property_damage_amount", MONEY, nullable=True),
        sa.Column("injury_description", sa.Text(), nullable=True),
        sa.Column("injury_treatment", sa.String(32), nullable=True),
        sa.Column("medical_costs", MONEY, nullable=True),
        sa.Column("lost_earnings", MONEY, nullable=True),
        sa.Column("claimed_total", MONEY, nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=True),
        sa.Column("filed_at", TIMESTAMP, nullable=False),
        sa.Column("seller_response_due", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_claims_customer_id_customers"
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name="fk_claims_order_id_orders"),
        sa.ForeignKeyConstraint(["seller_id"], ["sellers.id"], name="fk_claims_seller_id_sellers"),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.UniqueConstraint("reference", name="uq_claims_reference"),
    )
    op.create_index("ix_claims_status", "claims", ["status"])
    op.create_index("ix_claims_order_id", "claims", ["order_id"])
    op.create_index("ix_claims_seller_id", "claims", ["seller_id"])
    op.create_index("ix_claims_customer_id", "claims", ["customer_id"])
    op.create_index("ix_claims_conversation_id", "claims", ["conversation_id"])
    op.create_index("ix_claims_seller_response_due", "claims", ["seller_response_due"])
    op.create_index(
        "uq_claims_standing_claim_per_item",
        "claims",
        ["order_id", "sku"],
        unique=True,
        sqlite_where=STANDING_CLAIM,
        postgresql_where=STANDING_CLAIM,
    )
    op.create_table(
        "claim_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_claim_events_claim_id_claims"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_claim_events"),
    )
    op.create_index("ix_claim_events_claim_id", "claim_events", ["claim_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", TIMESTAMP, nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("payer", sa.String(32), nullable=True),
        sa.Column("reimbursement_sought", sa.Boolean(), nullable=False),
        sa.Column("odr_impact", sa.Boolean(), nullable=False),
        sa.Column("fraud_score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name="fk_decisions_claim_id_claims"),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
    )
    op.create_index("ix_decisions_claim_id", "decisions", ["claim_id"])
    op.create_table(
        "claim_evidence",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.String(32), nullable=False),
        sa.Column("attached_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_claim_evidence_claim_id_claims"
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name="fk_claim_evidence_evidence_id_evidence"
        ),
        sa.PrimaryKeyConstraint("claim_id", "evidence_id", name="pk_claim_evidence"),
    )
    op.create_table(
        "payouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payer", sa.String(32), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("reimbursement_sought", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name="fk_payouts_claim_id_claims"),
        sa.PrimaryKeyConstraint("id", name="pk_payouts"),
    )
    op.create_index("ix_payouts_claim_id", "payouts", ["claim_id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(40), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name="pk_idempotency_keys"),
    )


def downgrade() -> None:
    """Drop everything, dependants first."""
    for table in (
        "idempotency_keys",
        "payouts",
        "claim_evidence",
        "decisions",
        "claim_events",
        "claims",
        "evidence",
        "order_items",
        "orders",
        "insurance_policies",
        "monthly_sales",
        "sellers",
        "customers",
    ):
        op.drop_table(table)

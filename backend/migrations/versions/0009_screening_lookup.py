"""Screening looks a narrative's signature buckets up in one ``IN`` list: the signatures' index
leads with the bucket, ``(bucket, band)`` instead of ``(band, bucket)`` (the twenty ``band = ...
AND bucket = ...`` alternatives it served took longer to plan than to run).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_narrative_signatures_bucket_band", "narrative_signatures", ["bucket", "band"]
    )
    op.drop_index("ix_narrative_signatures_band_bucket", table_name="narrative_signatures")


def downgrade() -> None:
    op.create_index(
        "ix_narrative_signatures_band_bucket", "narrative_signatures", ["band", "bucket"]
    )
    op.drop_index("ix_narrative_signatures_bucket_band", table_name="narrative_signatures")

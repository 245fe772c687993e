"""Evidence: a perceptual hash and the day taken for each image, the hash's bands by index, and
the seller who uploaded a file (a seller opens the files it uploaded).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as evidence:
        evidence.add_column(sa.Column("perceptual_hash", sa.String(16), nullable=True))
        evidence.add_column(sa.Column("taken_on", sa.Date(), nullable=True))
        evidence.add_column(sa.Column("uploaded_by_seller", sa.String(64), nullable=True))
    op.create_table(
        "photo_hash_bands",
        sa.Column("evidence_id", sa.String(32), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name="fk_photo_hash_bands_evidence_id_evidence"
        ),
        sa.PrimaryKeyConstraint("evidence_id", "band", name="pk_photo_hash_bands"),
    )
    op.create_index("ix_photo_hash_bands_band_value", "photo_hash_bands", ["band", "value"])


def downgrade() -> None:
    op.drop_index("ix_photo_hash_bands_band_value", table_name="photo_hash_bands")
    op.drop_table("photo_hash_bands")
    with op.batch_alter_table("evidence") as evidence:
        evidence.drop_column("uploaded_by_seller")
        evidence.drop_column("taken_on")
        evidence.drop_column("perceptual_hash")

"""What the screening rules look at, gathered from the database by bounded, indexed queries.

Each query reads through an index and at most a fixed number of rows, so screening a claim
takes the same time with ten thousand claims stored as with a million:
- claims per customer: ``ix_claims_customer_id_filed_at``, newest first, ``RELATED_CLAIMS_LIMIT``;
- claims per delivery address: ``ix_claims_delivery_address_key_filed_at``, likewise;
- the same evidence file: ``ix_evidence_sha256``, then ``ix_claim_evidence_evidence_id``;
- the same picture re-encoded, resized or cropped: ``ix_photo_hash_bands_band_value``, at most
  ``PHOTO_BAND_ROWS`` rows, compared bit by bit;
- similar narratives: ``ix_narrative_signatures_band_bucket``, at most ``NARRATIVE_ROWS`` rows,
  then the exact similarity of at most ``NARRATIVE_CANDIDATES`` claims read by primary key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from backend.models import (
    Claim,
    ClaimEvent,
    ClaimEvidence,
    Evidence,
    NarrativeSignature,
    PhotoHashBand,
)
from backend.narratives import NarrativeSignature as Signature
from backend.narratives import narrative_text, shingles, similarity
from backend.photos import SAME_PICTURE_DISTANCE, distance, hash_bands
from backend.policy.lifecycle import FINISHED_STATUSES, ClaimEventType, ClaimStatus
from backend.screening import FREQUENCY_WINDOW, RELATED_CLAIMS_LIMIT, AboutFile

# Photos sharing a hash band read at most for one claim's photos.
PHOTO_BAND_ROWS = 200
# Uploads of one claim's files read at most (the same photo uploaded again and again).
SAME_FILE_UPLOADS = 50
# Signature rows read for one claim (20 bands, each shared by a few claims at most, usually).
NARRATIVE_ROWS = 200
# Claims whose narratives are compared exactly: those sharing the most bands.
NARRATIVE_CANDIDATES = 10


def _claims_on_item(session: Session, order_id: str, sku: str, *conditions) -> tuple[str, ...]:
    """References of the claims on this order and item that meet ``conditions``, oldest first."""
    return tuple(
        session.execute(
            select(Claim.reference)
            .where(Claim.order_id == order_id, Claim.sku == sku, *conditions)
            .order_by(Claim.id)
        ).scalars()
    )


def standing_claims_on_item(session: Session, order_id: str, sku: str) -> tuple[str, ...]:
    """References of the claims on this order and item that still stand."""
    return _claims_on_item(
        session,
        order_id,
        sku,
        Claim.status.notin_([status.value for status in FINISHED_STATUSES]),
    )


def denied_after_review_on_item(session: Session, order_id: str, sku: str) -> tuple[str, ...]:
    """References of the claims on this order and item that fraud experts reviewed and denied
    (an item has few claims: a duplicate is denied, so these stay a handful)."""
    return _claims_on_item(
        session,
        order_id,
        sku,
        Claim.status == ClaimStatus.DENIED.value,
        Claim.events.any(ClaimEvent.type == ClaimEventType.REVIEWED.value),
    )


def recent_claims_by_customer(session: Session, customer_id: str, now: datetime) -> tuple[str, ...]:
    """The customer's claims filed in the year before ``now``, newest first (bounded)."""
    return tuple(
        session.execute(
            select(Claim.reference)
            .where(Claim.customer_id == customer_id, Claim.filed_at > now - FREQUENCY_WINDOW)
            .order_by(Claim.filed_at.desc())
            .limit(RELATED_CLAIMS_LIMIT)
        ).scalars()
    )


def recent_claims_at_address(
    session: Session, address_key: str | None, customer_id: str, now: datetime
) -> tuple[str, ...]:
    """Other customers' claims to this delivery address in the year before ``now`` (bounded)."""
    if address_key is None:
        return ()
    return tuple(
        session.execute(
            select(Claim.reference)
            .where(
                Claim.delivery_address_key == address_key,
                Claim.filed_at > now - FREQUENCY_WINDOW,
                Claim.customer_id != customer_id,
            )
            .order_by(Claim.filed_at.desc())
            .limit(RELATED_CLAIMS_LIMIT)
        ).scalars()
    )


def claims_sharing_evidence(
    session: Session, evidence_ids: list[str], customer_id: str
) -> tuple[AboutFile, ...]:
    """Which of ``evidence_ids`` are identical (same SHA-256) to a file of another customer's
    claim, and in which claim.

    Two steps, each by index: the uploads of the same files (by SHA-256), then the claims they
    are attached to (by evidence id: ``ix_claim_evidence_evidence_id``).
    """
    if not evidence_ids:
        return ()
    own = aliased(Evidence)
    same_files = session.execute(
        select(Evidence.id, own.id)
        .join(own, own.sha256 == Evidence.sha256)
        .where(own.id.in_(evidence_ids))
        .limit(SAME_FILE_UPLOADS)
    ).all()
    return _seen_in_other_customers_claims(session, same_files, customer_id)


def _seen_in_other_customers_claims(
    session: Session, matches: Iterable[tuple[str, str]], customer_id: str
) -> tuple[AboutFile, ...]:
    """``matches`` pair a stored file with the claim's own file it matches; each own file with
    the other customers' claims its match is attached to (by index:
    ``ix_claim_evidence_evidence_id``)."""
    own_files: dict[str, set[str]] = {}
    for stored, own in matches:
        own_files.setdefault(stored, set()).add(own)
    if not own_files:
        return ()
    attached = session.execute(
        select(ClaimEvidence.evidence_id, Claim.reference)
        .join(Claim, ClaimEvidence.claim_id == Claim.id)
        .where(ClaimEvidence.evidence_id.in_(own_files), Claim.customer_id != customer_id)
        .distinct()
        .limit(RELATED_CLAIMS_LIMIT)
    ).all()
    return tuple(
        sorted(
            {
                AboutFile(own, reference)
                for stored, reference in attached
                for own in own_files[stored]
            }
        )
    )


def claims_with_the_same_picture(
    session: Session, evidence_ids: list[str], customer_id: str
) -> tuple[AboutFile, ...]:
    """Which of ``evidence_ids`` show the same picture as a photo of another customer's claim,
    but not in the same file (re-encoded, resized, lightly cropped: perceptual hashes at most
    ``SAME_PICTURE_DISTANCE`` bits apart), and in which claim."""
    photos = session.execute(
        select(Evidence.id, Evidence.perceptual_hash, Evidence.sha256).where(
            Evidence.id.in_(evidence_ids or [""]), Evidence.perceptual_hash.is_not(None)
        )
    ).all()
    if not photos:
        return ()
    own_files = {sha256 for _, _, sha256 in photos}
    bands = [
        and_(PhotoHashBand.band == band, PhotoHashBand.value == value)
        for _, perceptual_hash, _ in photos
        for band, value in enumerate(hash_bands(perceptual_hash))
    ]
    candidates = session.execute(
        select(Evidence.id, Evidence.perceptual_hash, Evidence.sha256)
        .join(PhotoHashBand, PhotoHashBand.evidence_id == Evidence.id)
        .where(or_(*bands))
        .limit(PHOTO_BAND_ROWS)
    ).all()
    alike = [
        (stored, own)
        for stored, candidate_hash, sha256 in candidates
        if sha256 not in own_files
        for own, own_hash, _ in photos
        if distance(candidate_hash, own_hash) <= SAME_PICTURE_DISTANCE
    ]
    return _seen_in_other_customers_claims(session, alike, customer_id)


def photo_dates(session: Session, evidence_ids: list[str]) -> tuple[tuple[str, date], ...]:
    """The claim's photos whose camera recorded a day: (evidence id, day), earliest first."""
    if not evidence_ids:
        return ()
    return tuple(
        (evidence_id, taken_on)
        for evidence_id, taken_on in session.execute(
            select(Evidence.id, Evidence.taken_on)
            .where(Evidence.id.in_(evidence_ids), Evidence.taken_on.is_not(None))
            .order_by(Evidence.taken_on, Evidence.id)
        )
    )


def similar_narratives(
    session: Session, signature: Signature, customer_id: str
) -> tuple[tuple[str, float], ...]:
    """Other customers' claims sharing a signature bucket, with their exact similarity."""
    if not signature.bands:
        return ()
    shared_bands = session.execute(
        select(NarrativeSignature.claim_id)
        .where(
            or_(
                *(
                    and_(NarrativeSignature.band == band, NarrativeSignature.bucket == bucket)
                    for band, bucket in signature.bands
                )
            )
        )
        .limit(NARRATIVE_ROWS)
    ).scalars()
    candidates = [
        claim_id for claim_id, _ in Counter(shared_bands).most_common(NARRATIVE_CANDIDATES)
    ]
    if not candidates:
        return ()
    rows = session.execute(
        select(
            Claim.reference,
            Claim.defect_description,
            Claim.property_damage_description,
            Claim.injury_description,
        )
        .where(Claim.id.in_(candidates), Claim.customer_id != customer_id)
        .order_by(Claim.id)
    )
    return tuple(
        (row.reference, similarity(signature.shingles, shingles(narrative_text(*row[1:]))))
        for row in rows
    )


def store_narrative_signature(session: Session, claim_id: int, signature: Signature) -> None:
    """Keep the claim's signature bands, so later claims can find it by index."""
    session.add_all(
        NarrativeSignature(claim_id=claim_id, band=band, bucket=bucket)
        for band, bucket in signature.bands
    )

"""What the screening rules look at, gathered from the database in one round trip.

One statement, ``FACTS``, reads every fact; it is built once (only its parameters change from
claim to claim), so filing a claim neither builds nor compiles SQL for its screening. Each of its
parts reads through an index and at most a fixed number of rows, so screening a claim takes the
same time with ten thousand claims stored as with a million:
- claims on the same order and item: ``ix_claims_order_id`` (an item has a handful of claims: a
  second standing one is refused, ``uq_claims_standing_claim_per_item``);
- claims per customer: ``ix_claims_customer_id_filed_at``, newest first, ``RELATED_CLAIMS_LIMIT``;
- claims per delivery address: ``ix_claims_delivery_address_key_filed_at``, likewise;
- the same evidence file: ``ix_evidence_sha256`` (at most ``SAME_FILE_UPLOADS`` uploads), then
  ``ix_claim_evidence_evidence_id``;
- the same picture re-encoded, resized or cropped: the claim's photos' hash bands (stored with
  each photo when it is uploaded, ``backend.evidence``), then ``ix_photo_hash_bands_band_value``,
  at most ``PHOTO_BAND_ROWS`` rows; their hashes are compared bit by bit here, and only a photo
  found alike costs a second query (the claims it is attached to);
- similar narratives: the claim's 20 buckets in one list, ``ix_narrative_signatures_bucket_band``,
  at most ``NARRATIVE_ROWS`` rows, then the narratives of the ``NARRATIVE_CANDIDATES`` claims sharing the most bands, read by
  primary key, whose exact similarity is computed here;
- the claim's own files (their perceptual hashes and camera days): by primary key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    Select,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from backend.models import (
    Claim,
    ClaimEvent,
    ClaimEvidence,
    Evidence,
    NarrativeSignature,
    PhotoHashBand,
)
from backend.narratives import BANDS, narrative_text, shingles, similarity
from backend.narratives import NarrativeSignature as Signature
from backend.photos import SAME_PICTURE_DISTANCE, distance
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


@dataclass(frozen=True)
class ScreeningFacts:
    """What the database knows around a claim being filed (``ClaimUnderScreening``'s fields)."""

    standing_claims_on_item: tuple[str, ...]
    denied_after_review_on_item: tuple[str, ...]
    recent_claims_by_customer: tuple[str, ...]
    recent_claims_at_address: tuple[str, ...]
    claims_sharing_evidence: tuple[AboutFile, ...]
    similar_narratives: tuple[tuple[str, float], ...]
    claims_with_the_same_picture: tuple[AboutFile, ...]
    photo_dates: tuple[tuple[str, date], ...]


# ---- the statement ---------------------------------------------------------------------------

# Every part yields rows of one shape: which fact, then the columns that fact uses (the others
# empty). ``first`` to ``third`` are a narrative's parts, or a file's perceptual hash and SHA-256.
_SHAPE = {
    "claim_id": Integer(),
    "reference": String(),
    "filed_at": Claim.filed_at.type,
    "file": String(),
    "first": Text(),
    "second": Text(),
    "third": Text(),
    "taken_on": Date(),
}

_order_id = bindparam("order_id", type_=String())
_sku = bindparam("sku", type_=String())
_customer_id = bindparam("customer_id", type_=String())
_address_key = bindparam("address_key", type_=String())
_since = bindparam("since", type_=Claim.filed_at.type)
_evidence_ids = bindparam("evidence_ids", type_=String(), expanding=True)
# One bucket per band (none when the narrative is too short to compare: no row matches).
_BANDS = tuple((band, bindparam(f"bucket_{band}", type_=String())) for band in range(BANDS))
_buckets = [bucket for _, bucket in _BANDS]


def _part(fact: str, **columns: Any) -> Select:
    """One fact's rows in the common shape."""
    return select(
        literal_column(f"'{fact}'", String()).label("fact"),
        *(
            (columns[name] if name in columns else cast(null(), type_)).label(name)
            for name, type_ in _SHAPE.items()
        ),
    )


def _claims_on_item(fact: str, *conditions: Any) -> Select:
    """The claims on this order and item that meet ``conditions``."""
    return _part(fact, claim_id=Claim.id, reference=Claim.reference).where(
        Claim.order_id == _order_id, Claim.sku == _sku, *conditions
    )


def _recent(fact: str, *conditions: Any) -> Select:
    """The claims meeting ``conditions`` filed in the year before now, newest first (bounded)."""
    recent = (
        select(Claim.id, Claim.reference, Claim.filed_at)
        .where(*conditions, Claim.filed_at > _since)
        .order_by(Claim.filed_at.desc())
        .limit(RELATED_CLAIMS_LIMIT)
        .subquery()
    )
    return _part(
        fact, claim_id=recent.c.id, reference=recent.c.reference, filed_at=recent.c.filed_at
    )


def _same_files() -> Select:
    """The claim's files identical (same SHA-256) to a file of another customer's claim, and
    that claim: the uploads of the same files (bounded), then the claims they are attached to."""
    own, stored = aliased(Evidence), aliased(Evidence)
    uploads = (
        select(stored.id.label("stored"), own.id.label("own"))
        .join(own, own.sha256 == stored.sha256)
        .where(own.id.in_(_evidence_ids))
        .limit(SAME_FILE_UPLOADS)
        .subquery()
    )
    attached = (
        select(uploads.c.own, Claim.reference)
        .join(ClaimEvidence, ClaimEvidence.evidence_id == uploads.c.stored)
        .join(Claim, ClaimEvidence.claim_id == Claim.id)
        .where(Claim.customer_id != _customer_id)
        .distinct()
        .limit(RELATED_CLAIMS_LIMIT)
        .subquery()
    )
    return _part("same_file", reference=attached.c.reference, file=attached.c.own)


def _similar_narratives() -> Select:
    """Other customers' claims sharing the most signature buckets with the claim's narrative."""
    rows = (
        select(NarrativeSignature.claim_id)
        .where(
            NarrativeSignature.bucket.in_(_buckets),
            # each bucket counts in its own band only
            NarrativeSignature.band
            == case(*((NarrativeSignature.bucket == bucket, band) for band, bucket in _BANDS)),
        )
        .limit(NARRATIVE_ROWS)
        .subquery()
    )
    shared = func.count()
    candidates = (
        select(rows.c.claim_id)
        .group_by(rows.c.claim_id)
        .order_by(shared.desc(), rows.c.claim_id)
        .limit(NARRATIVE_CANDIDATES)
        .subquery()
    )
    return (
        _part(
            "narrative",
            claim_id=Claim.id,
            reference=Claim.reference,
            first=Claim.defect_description,
            second=Claim.property_damage_description,
            third=Claim.injury_description,
        )
        .join_from(candidates, Claim, Claim.id == candidates.c.claim_id)
        .where(Claim.customer_id != _customer_id)
    )


def _pictures_sharing_a_band() -> Select:
    """Photos sharing a hash band with one of the claim's photos (bounded), with their hashes."""
    own, other, candidate = aliased(PhotoHashBand), aliased(PhotoHashBand), aliased(Evidence)
    candidates = (
        select(candidate.id, candidate.perceptual_hash, candidate.sha256)
        .select_from(own)
        .join(other, and_(other.band == own.band, other.value == own.value))
        .join(candidate, candidate.id == other.evidence_id)
        .where(own.evidence_id.in_(_evidence_ids))
        .limit(PHOTO_BAND_ROWS)
        .subquery()
    )
    return _part(
        "picture",
        file=candidates.c.id,
        first=candidates.c.perceptual_hash,
        second=candidates.c.sha256,
    )


def _facts_statement() -> CompoundSelect:
    finished = sorted(status.value for status in FINISHED_STATUSES)
    reviewed = exists().where(
        ClaimEvent.claim_id == Claim.id, ClaimEvent.type == ClaimEventType.REVIEWED.value
    )
    parts = [
        _claims_on_item("standing", Claim.status.notin_(finished)),
        _claims_on_item("denied_after_review", Claim.status == ClaimStatus.DENIED.value, reviewed),
        _recent("by_customer", Claim.customer_id == _customer_id),
        _recent(
            "at_address",
            Claim.delivery_address_key == _address_key,
            Claim.customer_id != _customer_id,
        ),
        _same_files(),
        _similar_narratives(),
        _part(
            "own_file",
            file=Evidence.id,
            first=Evidence.perceptual_hash,
            second=Evidence.sha256,
            taken_on=Evidence.taken_on,
        ).where(Evidence.id.in_(_evidence_ids)),
        _pictures_sharing_a_band(),
    ]
    # (A part's LIMIT is in a subquery of its own: SQLite takes none in a compound SELECT's parts.)
    return union_all(*parts)


FACTS = _facts_statement()


# ---- the facts -------------------------------------------------------------------------------


def gather_facts(
    session: Session,
    *,
    order_id: str,
    sku: str,
    customer_id: str,
    address_key: str | None,
    evidence_ids: list[str],
    narrative: Signature,
    now: datetime,
) -> ScreeningFacts:
    """Everything the screening rules look at about the claim, in one query (two when one of
    its photos shows the same picture as another file)."""
    buckets = dict(narrative.bands)
    rows = defaultdict(list)
    parameters = {
        "order_id": order_id,
        "sku": sku,
        "customer_id": customer_id,
        "address_key": address_key,  # none: no claim matches
        "since": now - FREQUENCY_WINDOW,
        "evidence_ids": evidence_ids,
        **{f"bucket_{band}": buckets.get(band) for band in range(BANDS)},
    }
    for row in session.connection().execute(FACTS, parameters):
        rows[row.fact].append(row)
    own_files = rows["own_file"]
    return ScreeningFacts(
        standing_claims_on_item=_oldest_first(rows["standing"]),
        denied_after_review_on_item=_oldest_first(rows["denied_after_review"]),
        recent_claims_by_customer=_newest_first(rows["by_customer"]),
        recent_claims_at_address=_newest_first(rows["at_address"]),
        claims_sharing_evidence=tuple(
            sorted({AboutFile(row.file, row.reference) for row in rows["same_file"]})
        ),
        similar_narratives=tuple(
            (row.reference, similarity(narrative.shingles, _shingles_of(row)))
            for row in sorted(rows["narrative"], key=lambda row: row.claim_id)
        ),
        claims_with_the_same_picture=_same_pictures(
            session, own_files, rows["picture"], customer_id
        ),
        photo_dates=tuple(
            sorted(
                ((row.file, row.taken_on) for row in own_files if row.taken_on is not None),
                key=lambda photo: (photo[1], photo[0]),
            )
        ),
    )


def _shingles_of(row: Any) -> frozenset[str]:
    return shingles(narrative_text(row.first, row.second, row.third))


def _oldest_first(rows: list[Any]) -> tuple[str, ...]:
    return tuple(row.reference for row in sorted(rows, key=lambda row: row.claim_id))


def _newest_first(rows: list[Any]) -> tuple[str, ...]:
    ordered = sorted(rows, key=lambda row: (row.filed_at, row.claim_id), reverse=True)
    return tuple(row.reference for row in ordered)


def _same_pictures(
    session: Session, own_files: list[Any], candidates: list[Any], customer_id: str
) -> tuple[AboutFile, ...]:
    """Which of the claim's photos show the same picture as a photo of another customer's
    claim, but not in the same file (hashes at most ``SAME_PICTURE_DISTANCE`` bits apart), and
    in which claim."""
    photos = [(row.file, row.first, row.second) for row in own_files if row.first is not None]
    own_sha256 = {sha256 for _, _, sha256 in photos}
    alike = [
        (candidate.file, own)
        for candidate in candidates
        if candidate.second not in own_sha256
        for own, own_hash, _ in photos
        if distance(candidate.first, own_hash) <= SAME_PICTURE_DISTANCE
    ]
    return _seen_in_other_customers_claims(session, alike, customer_id)


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


def store_narrative_signature(session: Session, claim_id: int, signature: Signature) -> None:
    """Keep the claim's signature bands, so later claims can find it by index."""
    session.add_all(
        NarrativeSignature(claim_id=claim_id, band=band, bucket=bucket)
        for band, bucket in signature.bands
    )

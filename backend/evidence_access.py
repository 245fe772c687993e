"""Who may open an uploaded file: staff (the admin token, every staff account) any file; a
seller only the files of claims put before it and the files it uploaded itself (its defences,
appeals and insurance proof). Everyone else, and a file nobody may show them, gets nothing:
the caller cannot tell a file it may not see from one that does not exist."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Claim, ClaimEvidence, Evidence
from backend.seller_sight import PUT_BEFORE_SELLER


def readable_evidence(session: Session, evidence_id: str, seller_id: str | None) -> Evidence | None:
    """The file ``evidence_id`` if the reader may open it: staff (``seller_id`` None) always,
    a seller when it uploaded the file or the file is on one of its claims put before it."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or seller_id is None:
        return evidence
    return evidence if _sellers_file(session, evidence, seller_id) else None


def _sellers_file(session: Session, evidence: Evidence, seller_id: str) -> bool:
    """The seller uploaded the file, or it is on one of the seller's claims put before it. (A
    file a seller merely names in its response is not its own: naming is no proof.)"""
    if evidence.uploaded_by_seller == seller_id:
        return True
    on_its_claim = session.execute(
        select(ClaimEvidence.claim_id)
        .join(Claim, Claim.id == ClaimEvidence.claim_id)
        .where(
            ClaimEvidence.evidence_id == evidence.id,
            Claim.seller_id == seller_id,
            PUT_BEFORE_SELLER,
        )
        .limit(1)
    ).first()
    return on_its_claim is not None

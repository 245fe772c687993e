"""Who may open an uploaded file: staff (the admin token, every staff account) any file; a
seller only the files of claims put before it and the files it filed itself (its defences,
appeals and insurance proof). Everyone else, and a file nobody may show them, gets nothing:
the caller cannot tell a file it may not see from one that does not exist."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claim_view import HIDDEN_FROM_SELLERS
from backend.models import (
    Appeal,
    Claim,
    ClaimEvidence,
    Evidence,
    InsurancePolicy,
    SellerResponse,
)


def readable_evidence(session: Session, evidence_id: str, seller_id: str | None) -> Evidence | None:
    """The file ``evidence_id`` if the reader may open it: staff (``seller_id`` None) always,
    a seller when the file is its own or on one of its claims put before it."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or seller_id is None:
        return evidence
    return evidence if _sellers_file(session, evidence_id, seller_id) else None


def _sellers_file(session: Session, evidence_id: str, seller_id: str) -> bool:
    on_its_claim = session.execute(
        select(ClaimEvidence.claim_id)
        .join(Claim, Claim.id == ClaimEvidence.claim_id)
        .where(
            ClaimEvidence.evidence_id == evidence_id,
            Claim.seller_id == seller_id,
            Claim.status.notin_(HIDDEN_FROM_SELLERS),
        )
        .limit(1)
    ).first()
    if on_its_claim is not None:
        return True
    proof = session.execute(
        select(InsurancePolicy.id).where(
            InsurancePolicy.seller_id == seller_id,
            InsurancePolicy.proof_evidence_id == evidence_id,
        )
    ).first()
    if proof is not None:
        return True
    filed = [
        *session.execute(
            select(SellerResponse.evidence_ids).where(SellerResponse.seller_id == seller_id)
        ).scalars(),
        *session.execute(select(Appeal.evidence_ids).where(Appeal.seller_id == seller_id)).scalars(),
    ]
    return any(evidence_id in (ids or []) for ids in filed)

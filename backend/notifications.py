"""Who hears about what happens to a claim: messages written to the outbox with the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from backend.models import Claim


def notify_claim_event(session: Session, claim: Claim, topic: str, now: datetime) -> None:
    """Write the outbox messages ``topic`` calls for (seller, insurer, customer) in ``session``.

    Topics: ``claim.routed``, ``claim.concession_paid``, ``claim.denied``, ``claim.under_review``,
    ``claim.stepped_in``, ``claim.seller_responded``, ``claim.withdrawn``, ``claim.reviewed``,
    ``claim.evidence_added``.
    """
    # Filled in by the notifications work (outbox): see backend/outbox.py.

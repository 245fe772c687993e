"""Money the marketplace seeks back from a seller, and a seller's way out of a reimbursement.

A concession paid for a seller without valid insurance on the incident date opens a
``concession_reimbursement`` recovery in status ``awaiting_proof``: for
``reimbursement_waiver_days`` (default 7) the seller may upload proof of insurance that was valid
that day, which waives it. After that the deadlines sweep opens it for collection.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claims import insurance_of
from backend.decisions import record_decision
from backend.lifecycle import ClaimEventType, Outcome, Payer, RecoveryKind, RecoveryStatus
from backend.models import Recovery
from backend.notifications import notify_claim_event
from backend.policy import seller_insured_for
from backend.settings import Settings
from backend.timeline import SYSTEM, record_event

WAIVED_NOTE = "the seller proved valid insurance on the incident date"


def seller_actor(seller_id: str) -> str:
    """How a seller appears in a claim's timeline: ``seller:<id>``."""
    return f"seller:{seller_id}"


def waive_covered_reimbursements(
    session: Session,
    seller_id: str,
    now: datetime,
    waiver_days: int = Settings.reimbursement_waiver_days,
) -> list[str]:
    """Waive the seller's concession reimbursements that its insurance on file now covers.

    Called after a seller uploads a policy. Each reimbursement still awaiting proof, opened less
    than ``waiver_days`` ago, whose incident date a valid policy of the seller's covers, is
    waived: a new decision (no reimbursement sought), an event and a notification. Answers the
    references of the claims waived.
    """
    covers = insurance_of(session, seller_id)
    waivable = session.execute(
        select(Recovery)
        .where(
            Recovery.seller_id == seller_id,
            Recovery.kind == RecoveryKind.CONCESSION_REIMBURSEMENT.value,
            Recovery.status == RecoveryStatus.AWAITING_PROOF.value,
            Recovery.opened_at > now - timedelta(days=waiver_days),
        )
        .order_by(Recovery.id)
        # The sweep closing the same window waits for this unit of work, then finds it waived.
        .with_for_update()
    ).scalars()
    waived = []
    for recovery in list(waivable):
        claim = recovery.claim
        if not seller_insured_for(covers, claim.incident_date):
            continue
        recovery.status = RecoveryStatus.WAIVED.value
        recovery.closed_at = now
        recovery.note = WAIVED_NOTE
        actor = seller_actor(seller_id)
        record_event(claim, ClaimEventType.REIMBURSEMENT_WAIVED, now, actor=actor, note=WAIVED_NOTE)
        standing = claim.decision
        record_decision(
            claim,
            now,
            outcome=Outcome.CONCESSION,
            payer=Payer.MARKETPLACE,
            reimbursement_sought=False,
            odr_impact=False,
            reasons=(*standing.reasons, "reimbursement_waived"),
            explanation=standing.explanation,
            decided_by=SYSTEM,
            note=WAIVED_NOTE,
        )
        notify_claim_event(session, claim, "claim.reimbursement_waived", now)
        waived.append(claim.reference)
    return waived

"""Money the marketplace seeks back from a seller, and a seller's way out of a reimbursement.

A concession paid for a seller without valid insurance on the incident date opens a
``concession_reimbursement`` recovery in status ``awaiting_proof``; the waiver window is
``backend.policy.waiver``. After it the deadlines sweep opens the recovery for collection.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claim_view import seller_actor
from backend.decisions import record_decision
from backend.insurance_requirement import insurance_of
from backend.models import Recovery
from backend.notifications import notify_claim_event
from backend.policy.insurance import seller_insured_for
from backend.policy.lifecycle import ClaimEventType, RecoveryKind, RecoveryStatus
from backend.policy.parameters import PolicyParameters
from backend.policy.waiver import WAIVED_NOTE, reimbursement_waived, waiver_window_start
from backend.timeline import SYSTEM, record_event


def waive_covered_reimbursements(
    session: Session,
    seller_id: str,
    now: datetime,
    params: PolicyParameters,
) -> list[str]:
    """Waive the seller's concession reimbursements that its insurance on file now covers.

    Called after a seller uploads a policy. Each reimbursement still awaiting proof, opened less
    within the waiver window, whose incident date a valid policy of the seller's covers, is
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
            Recovery.opened_at > waiver_window_start(now, params),
        )
        .order_by(Recovery.id)
        # The sweep closing the same window waits for this unit of work, then finds it waived.
        .with_for_update()
    ).scalars()
    waived = []
    for recovery in list(waivable):
        claim = recovery.claim
        if not seller_insured_for(covers, claim.incident_date, params):
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
            reimbursement_waived(tuple(standing.reasons), standing.explanation),
            decided_by=SYSTEM,
            note=WAIVED_NOTE,
        )
        notify_claim_event(session, claim, "claim.reimbursement_waived", now)
        waived.append(claim.reference)
    return waived

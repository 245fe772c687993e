"""The desk decides a seller's rejection: the marketplace steps in, or the seller's defence is
upheld and the claim denied. The customer is told either way; what each decision means is
``backend.policy.dispute``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.claim_to_decide import claim_to_decide
from backend.claim_view import claim_as_json
from backend.decisions import record_decision
from backend.models import Claim
from backend.notifications import DISPUTE_DECIDED, notify_claim_event
from backend.policy.dispute import DisputeDecision, seller_defence_upheld
from backend.policy.lifecycle import ClaimEventType, ClaimStatus
from backend.refusals import NotDecidable
from backend.step_in import marketplace_pays
from backend.timeline import record_event
from backend.transitions import move_claim


def decide_dispute(
    session: Session,
    reference: str,
    decision: DisputeDecision,
    note: str | None,
    now: datetime,
    admin: str,
    expected_status: str | None = None,
) -> dict[str, Any]:
    """Decide the seller's rejection of claim ``reference`` (409 ``not_in_dispute`` unless the
    claim is ``seller_rejected``); ``admin`` is who decided, as the timeline names them."""
    claim = claim_to_decide(session, reference, expected_status)
    if claim.status != ClaimStatus.SELLER_REJECTED.value or not move_claim(
        session, claim, [ClaimStatus.SELLER_REJECTED], _moves_to(decision)
    ):
        raise NotDecidable.single(
            "not_in_dispute",
            f"Claim {reference} is {claim.status.replace('_', ' ')}; the desk decides a dispute "
            "only on a claim the seller rejected.",
            field="reference",
        )
    record_event(
        claim, ClaimEventType.DISPUTE_DECIDED, now, actor=admin, note=_noted(decision, note)
    )
    if decision is DisputeDecision.STEP_IN:
        # The seller keeps defending the product: the dispute stays open, the recovery held.
        marketplace_pays(session, claim, note, now, admin)
    else:
        claim.dispute_open = False
        record_event(claim, ClaimEventType.DENIED, now, actor=admin, note=note)
        record_decision(claim, now, seller_defence_upheld(), decided_by=admin, note=note)
        notify_claim_event(session, claim, DISPUTE_DECIDED, now)
    session.flush()
    return claim_as_json(claim)


def rejected_at(claim: Claim) -> datetime:
    """When the seller rejected the claim (its latest response): the dispute's start."""
    return claim.seller_responses[-1].responded_at


def _moves_to(decision: DisputeDecision) -> ClaimStatus:
    if decision is DisputeDecision.STEP_IN:
        return ClaimStatus.MARKETPLACE_STEPPED_IN
    return ClaimStatus.DENIED


def _noted(decision: DisputeDecision, note: str | None) -> str:
    """The event's note: the decision, then the person's words."""
    return decision.value + (f": {note}" if note else "")

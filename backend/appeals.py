"""A seller's appeal against a concession the marketplace paid on one of its claims.

When a seller may appeal is ``backend.policy.appeal``. The appeal is stored for the marketplace
to decide, and the claim's dispute is open; the concession's reimbursement, if any, is left as it
is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.claim_view import seller_claim_view
from backend.claims import missing_evidence
from backend.commands import AppealConcession
from backend.models import Appeal, Claim
from backend.notifications import notify_claim_event
from backend.policy.appeal import appeal_refusal
from backend.policy.lifecycle import ClaimEventType, ClaimStatus
from backend.policy.parameters import PolicyParameters
from backend.problem import Problem
from backend.refusals import InvalidAppeal, NotAppealable
from backend.seller_claims import own_claim
from backend.timeline import record_event

APPEAL_OPEN = "open"


def appeal_concession(
    session: Session,
    seller_id: str,
    reference: str,
    command: AppealConcession,
    params: PolicyParameters,
    now: datetime,
    actor: str,
) -> dict[str, Any]:
    """Store the seller's appeal ``command`` against the concession on its claim, by
    ``actor`` (the seller, or one of its users: ``backend.recoveries.seller_actor``)."""
    # Locked, so two appeals sent at once cannot both find the claim not yet appealed.
    claim = own_claim(session, seller_id, reference, lock=True)
    refusal = appeal_refusal(_concession_paid_at(claim), bool(claim.appeals), now, params)
    if refusal is not None:
        raise _refused(claim, *refusal)
    evidence_ids = list(command.evidence_ids)
    problems = missing_evidence(session, evidence_ids)
    if not command.statement.strip():
        problems.append(Problem("required", "statement", "An appeal needs a statement."))
    if problems:
        raise InvalidAppeal(problems)

    claim.appeals.append(
        Appeal(
            seller_id=seller_id,
            statement=command.statement,
            evidence_ids=evidence_ids,
            filed_at=now,
            status=APPEAL_OPEN,
        )
    )
    claim.dispute_open = True
    record_event(
        claim,
        ClaimEventType.APPEALED,
        now,
        actor=actor,
        note=command.statement,
    )
    notify_claim_event(session, claim, "claim.appealed", now)
    session.flush()
    return seller_claim_view(claim, seller_id)


def _concession_paid_at(claim: Claim) -> datetime | None:
    """When the marketplace paid the claim's concession, if it stands as one."""
    if claim.status != ClaimStatus.CONCESSION_PAID.value:
        return None
    return next(
        (payout.created_at for payout in claim.payouts if payout.kind == "concession"), None
    )


def _refused(claim: Claim, code: str, why: str) -> NotAppealable:
    return NotAppealable.single(
        code, f"Claim {claim.reference} cannot be appealed: {why}.", field="reference"
    )

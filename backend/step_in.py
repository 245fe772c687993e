"""The marketplace steps in: it pays a claim the seller has not paid, and seeks the money back.

It steps in when the seller lets the response deadline pass (the deadlines sweep), or when an
admin decides to (``POST /api/admin/claims/{ref}/step-in``) on a claim still awaiting the seller
or one the seller rejected. What a step-in means (who pays, the recovery held while the seller
disputes the claim, the order defect rate) is ``backend.policy.step_in``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.claim_to_decide import claim_to_decide
from backend.claim_view import claim_as_json
from backend.decisions import record_decision
from backend.models import Claim, Payout, Recovery
from backend.money import format_dollars
from backend.notifications import notify_claim_event
from backend.policy.lifecycle import ClaimEventType, ClaimStatus, RecoveryKind
from backend.policy.ruling import Ruling
from backend.policy.step_in import STEP_IN_FROM, after_silence, by_marketplace, recovery_status
from backend.refusals import CannotStepIn
from backend.timeline import record_event
from backend.transitions import move_claim

SWEEP = "sweep"
HELD_NOTE = "held while the seller disputes the claim"


def step_in_for_silence(session: Session, claim: Claim, now: datetime) -> bool:
    """The seller let the deadline pass: the marketplace pays. False if another got there first."""
    if not move_claim(
        session, claim, [ClaimStatus.AWAITING_SELLER], ClaimStatus.MARKETPLACE_STEPPED_IN
    ):
        return False
    record_event(claim, ClaimEventType.SELLER_DEADLINE_MISSED, now, actor=SWEEP)
    _pay_and_recover(
        session,
        claim,
        now,
        after_silence(claim.claimed_total, claim.seller_response_due),
        actor=SWEEP,
    )
    return True


def step_in_by_admin(
    session: Session,
    reference: str,
    note: str | None,
    now: datetime,
    admin: str,
    expected_status: str | None = None,
) -> dict[str, Any]:
    """An admin (``admin``: who, as the timeline names them) has the marketplace pay a claim
    awaiting the seller or rejected by it."""
    claim = claim_to_decide(session, reference, expected_status)
    if not move_claim(session, claim, STEP_IN_FROM, ClaimStatus.MARKETPLACE_STEPPED_IN):
        session.refresh(claim)
        raise CannotStepIn.single(
            "cannot_step_in",
            f"Claim {reference} is {claim.status.replace('_', ' ')}; the marketplace steps in "
            "only on a claim awaiting the seller or rejected by the seller.",
            field="reference",
        )
    marketplace_pays(session, claim, note, now, admin)
    session.flush()
    return claim_as_json(claim)


def marketplace_pays(
    session: Session, claim: Claim, note: str | None, now: datetime, admin: str
) -> None:
    """What an admin's step-in stores, once the claim has moved to ``marketplace_stepped_in``."""
    # An open dispute here means the seller rejected the claim.
    ruling = by_marketplace(claim.claimed_total, seller_rejected=claim.dispute_open)
    _pay_and_recover(session, claim, now, ruling, actor=admin, note=note)


def _pay_and_recover(
    session: Session,
    claim: Claim,
    now: datetime,
    ruling: Ruling,
    *,
    actor: str,
    note: str | None = None,
) -> None:
    """What every step-in stores: payout, recovery, decision, events, notification."""
    record_event(claim, ClaimEventType.MARKETPLACE_STEPPED_IN, now, actor=actor, note=note)
    claim.payouts.append(
        Payout(
            kind="step_in",
            payer=ruling.payer.value,
            amount=claim.claimed_total,
            reimbursement_sought=ruling.reimbursement_sought,
            created_at=now,
        )
    )
    held = claim.dispute_open
    claim.recoveries.append(
        Recovery(
            seller_id=claim.seller_id,
            kind=RecoveryKind.STEP_IN.value,
            amount=claim.claimed_total,
            status=recovery_status(held).value,
            opened_at=now,
            note=HELD_NOTE if held else None,
        )
    )
    record_event(
        claim,
        ClaimEventType.RECOVERY_OPENED,
        now,
        actor=actor,
        note=f"{format_dollars(claim.claimed_total)} from the seller"
        + (f", {HELD_NOTE}" if held else ""),
    )
    record_decision(claim, now, ruling, decided_by=actor, note=note)
    notify_claim_event(session, claim, "claim.stepped_in", now)

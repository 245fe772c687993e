"""Closing a claim that is over (``backend.policy.closing``): an admin closes it, or the deadlines
sweep does once nothing more can come of it. The customer hears of it when money was paid."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from backend.claim_to_decide import claim_to_decide
from backend.claim_view import claim_as_json
from backend.models import Appeal, Claim, Decision, Payout, Recovery
from backend.notifications import CLOSED, notify_claim_event
from backend.policy.closing import (
    PAID_STATUSES,
    SETTLED_RECOVERY_STATUSES,
    UNPAID_STATUSES,
    ClaimMoney,
    appeal_window_ends,
    finished_by_for_closing,
    may_close,
)
from backend.policy.lifecycle import AppealStatus, ClaimEventType, ClaimStatus
from backend.policy.messages import for_customer
from backend.policy.parameters import PolicyParameters
from backend.refusals import NotDecidable
from backend.timeline import record_event
from backend.transitions import move_claim


def claim_money(claim: Claim) -> ClaimMoney:
    """Where the claim and its money stand, as the closing rule reads it."""
    withdrawn_at = [
        event.at for event in claim.events if event.type == ClaimEventType.WITHDRAWN.value
    ]
    return ClaimMoney(
        status=ClaimStatus(claim.status),
        every_payout_paid=all(payout.paid_at is not None for payout in claim.payouts),
        every_recovery_settled=all(
            recovery.status in SETTLED_RECOVERY_STATUSES for recovery in claim.recoveries
        ),
        appeal_open=any(appeal.status == AppealStatus.OPEN.value for appeal in claim.appeals),
        finished_at=withdrawn_at[-1] if withdrawn_at else claim.decision.decided_at,
    )


def close_claim(
    session: Session,
    reference: str,
    note: str | None,
    now: datetime,
    admin: str,
    params: PolicyParameters,
    expected_status: str | None = None,
) -> dict[str, Any]:
    """An admin closes claim ``reference`` (409 ``not_settled`` while it is not over)."""
    claim = claim_to_decide(session, reference, expected_status)
    if not close_if_over(session, claim, now, params, actor=admin, note=note):
        raise NotDecidable.single(
            "not_settled",
            f"Claim {reference} is {claim.status.replace('_', ' ')} and not over yet: "
            + _why_open(claim, params),
            field="reference",
        )
    session.flush()
    return claim_as_json(claim)


def close_if_over(
    session: Session,
    claim: Claim,
    now: datetime,
    params: PolicyParameters,
    *,
    actor: str,
    note: str | None = None,
) -> bool:
    """Close ``claim`` if the policy says it is over; whether it was closed (by us)."""
    if claim.status == ClaimStatus.CLOSED.value or not may_close(claim_money(claim), now, params):
        return False
    if not move_claim(session, claim, [ClaimStatus(claim.status)], ClaimStatus.CLOSED):
        return False
    record_event(claim, ClaimEventType.CLOSED, now, actor=actor, note=note)
    if claim.payouts:
        paid = sum((payout.amount for payout in claim.payouts), Decimal("0.00"))
        notify_claim_event(
            session,
            claim,
            CLOSED,
            now,
            customer_message=for_customer("claim_closed", reference=claim.reference, paid=paid),
        )
    return True


def closable_claims(session: Session, now: datetime, params: PolicyParameters) -> list[int]:
    """Claims that may be over by ``now``, oldest first: the sweep checks each one."""
    unpaid = exists().where(Payout.claim_id == Claim.id, Payout.paid_at.is_(None))
    unsettled = exists().where(
        Recovery.claim_id == Claim.id,
        Recovery.status.notin_(sorted(status.value for status in SETTLED_RECOVERY_STATUSES)),
    )
    appealed = exists().where(Appeal.claim_id == Claim.id, Appeal.status == AppealStatus.OPEN.value)
    last_decided = (
        select(func.max(Decision.decided_at)).where(Decision.claim_id == Claim.id).scalar_subquery()
    )
    settled = Claim.status.in_([status.value for status in PAID_STATUSES]) & ~unpaid
    settled &= ~unsettled & ~appealed
    # Denied or withdrawn after their last decision: a window past that may have passed.
    window_passed = Claim.status.in_([status.value for status in UNPAID_STATUSES])
    window_passed &= last_decided <= finished_by_for_closing(now, params)
    return list(
        session.execute(
            select(Claim.id).where(settled | window_passed).order_by(Claim.filed_at, Claim.id)
        ).scalars()
    )


def _why_open(claim: Claim, params: PolicyParameters) -> str:
    """What keeps the claim open, in a sentence for the desk."""
    money = claim_money(claim)
    if money.status is ClaimStatus.CLOSED:
        return "it is closed already."
    if money.status in UNPAID_STATUSES:
        return f"the appeal window runs until {appeal_window_ends(money.finished_at, params):%Y-%m-%d}."
    if money.status not in PAID_STATUSES:
        return "it has not been decided to its end."
    if money.appeal_open:
        return "the seller's appeal waits for a decision."
    if not money.every_payout_paid:
        return "a payout is not marked paid."
    return "a recovery is not collected, waived or released."

"""Confirming the customer was paid: the desk marks a claim's payouts paid (``paid_at``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from backend.claim_to_decide import claim_to_decide
from backend.claim_view import claim_as_json
from backend.money import format_dollars
from backend.policy.lifecycle import ClaimEventType
from backend.refusals import NotDecidable
from backend.timeline import record_event


def mark_payouts_paid(
    session: Session,
    reference: str,
    note: str | None,
    now: datetime,
    admin: str,
    expected_status: str | None = None,
) -> dict[str, Any]:
    """Mark every unpaid payout of claim ``reference`` paid (409 ``no_unpaid_payout``)."""
    claim = claim_to_decide(session, reference, expected_status)
    unpaid = [payout for payout in claim.payouts if payout.paid_at is None]
    if not unpaid:
        raise NotDecidable.single(
            "no_unpaid_payout",
            f"Claim {reference} has no payout waiting to be marked paid.",
            field="reference",
        )
    for payout in unpaid:
        payout.paid_at = now
    paid = sum((payout.amount for payout in unpaid), Decimal("0.00"))
    payers = " and ".join(dict.fromkeys(payout.payer for payout in unpaid))
    record_event(
        claim,
        ClaimEventType.PAYOUT_PAID,
        now,
        actor=admin,
        note=f"{format_dollars(paid)} paid by the {payers}" + (f": {note}" if note else ""),
    )
    session.flush()
    return claim_as_json(claim)

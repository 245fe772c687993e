"""The seller's response to a claim routed to it, before its deadline.

``accept``: the seller pays; ``forward_to_insurer``: its insurer pays (it needs a policy in force
on the incident date). Both count against the seller's order defect rate. ``reject`` with a
defence opens a dispute for the marketplace to review; it does not count against the seller by
itself (the marketplace has not found for the customer yet).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from backend.policy.lifecycle import Outcome, Payer
from backend.policy.messages import for_customer
from backend.policy.ruling import Ruling

ACCEPT, REJECT, FORWARD = "accept", "reject", "forward_to_insurer"


def may_still_respond(response_due: datetime, now: datetime) -> bool:
    """Whether the seller's response deadline (calendar days from routing) is still ahead."""
    return now < response_due


def seller_accepted(total: Decimal) -> Ruling:
    """The seller accepted and pays the customer."""
    return Ruling(
        outcome=Outcome.SELLER_ACCEPTED,
        payer=Payer.SELLER,
        reimbursement_sought=False,
        odr_impact=True,
        reasons=("seller_accepted",),
        explanation=for_customer("seller_accepted", total=total),
    )


def forwarded_to_insurer(total: Decimal, insurer: str) -> Ruling:
    """The seller accepted and passed the claim to its insurer, which pays."""
    return Ruling(
        outcome=Outcome.FORWARDED_TO_INSURER,
        payer=Payer.INSURER,
        reimbursement_sought=False,
        odr_impact=True,
        reasons=("seller_accepted", "forwarded_to_insurer"),
        explanation=for_customer("forwarded_to_insurer", insurer=insurer, total=total),
    )


def seller_rejected() -> Ruling:
    """The seller rejected the claim with a defence: nobody pays yet, the dispute is open."""
    return Ruling(
        outcome=Outcome.SELLER_REJECTED,
        payer=None,
        reimbursement_sought=False,
        odr_impact=False,
        reasons=("seller_rejected",),
        explanation=for_customer("seller_rejected"),
    )

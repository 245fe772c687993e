"""The marketplace steps in: when the seller is silent past its deadline, or (an admin's choice)
on a claim still awaiting the seller or one the seller rejected.

The marketplace pays the customer, bears the cost and seeks it back from the seller (a recovery);
a step-in counts against the seller's order defect rate. After a rejection the seller keeps
defending the product: the dispute stays open and nothing is sought while it is.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from backend.policy.lifecycle import ClaimStatus, Outcome, Payer, RecoveryStatus
from backend.policy.messages import for_customer
from backend.policy.ruling import Ruling

# The statuses from which an admin may have the marketplace step in.
STEP_IN_FROM = (ClaimStatus.AWAITING_SELLER, ClaimStatus.SELLER_REJECTED)


def after_silence(total: Decimal, response_due: datetime) -> Ruling:
    """The seller let its response deadline pass: the marketplace pays."""
    return _stepped_in(
        ("seller_deadline_missed",),
        for_customer("seller_deadline_missed", due=response_due, total=total),
    )


def by_marketplace(total: Decimal, seller_rejected: bool) -> Ruling:
    """An admin has the marketplace pay; after a rejection, because it holds the claim valid."""
    reasons = (
        ("seller_rejected", "marketplace_stepped_in")
        if seller_rejected
        else ("marketplace_stepped_in",)
    )
    return _stepped_in(
        reasons,
        for_customer("marketplace_stepped_in", total=total, after_rejection=seller_rejected),
    )


def recovery_status(dispute_open: bool) -> RecoveryStatus:
    """A step-in's recovery is sought at once, or held while the seller disputes the claim."""
    return RecoveryStatus.HELD if dispute_open else RecoveryStatus.OPEN


def _stepped_in(reasons: tuple[str, ...], explanation: str) -> Ruling:
    return Ruling(
        outcome=Outcome.MARKETPLACE_STEPPED_IN,
        payer=Payer.MARKETPLACE,
        reimbursement_sought=True,
        odr_impact=True,
        reasons=reasons,
        explanation=explanation,
    )

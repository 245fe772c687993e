"""The claims desk decides a seller's rejection, within its own deadline.

A seller rejecting a claim with a defence opens a dispute; the desk decides it within
``desk_decision_days`` (default 7) of the rejection, after which it is overdue. The desk either
holds the claim valid, and the marketplace steps in (``backend.policy.step_in``), or upholds the
seller's defence, and the claim is denied.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum

from backend.policy.lifecycle import Outcome
from backend.policy.messages import for_customer
from backend.policy.parameters import PolicyParameters
from backend.policy.ruling import Ruling


class DisputeDecision(str, Enum):
    """What the desk may decide about a seller's rejection."""

    STEP_IN = "step_in"
    UPHOLD_SELLER = "uphold_seller"


def desk_due(rejected_at: datetime, params: PolicyParameters) -> datetime:
    """When the desk's decision on a rejection is due."""
    return rejected_at + timedelta(days=params.desk_decision_days)


def is_overdue(due: datetime | None, now: datetime) -> bool:
    """Whether a deadline (if any) has passed."""
    return due is not None and now >= due


def seller_defence_upheld() -> Ruling:
    """The desk found the seller's defence sound: the claim is denied, nobody pays."""
    return Ruling(
        outcome=Outcome.DENIED,
        payer=None,
        reimbursement_sought=False,
        odr_impact=False,
        reasons=("seller_rejected", "seller_defence_upheld"),
        explanation=for_customer("seller_defence_upheld"),
    )

"""When a claim is over: its money settled, or nothing more can come of it.

A claim someone paid (a concession, a seller's acceptance, a marketplace step-in) is settled once
every payout to the customer is confirmed paid, every recovery from the seller is collected,
waived or released, and no appeal is waiting. A denied or withdrawn claim is closed once the
appeal window has passed since it was denied or withdrawn. Closed is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.policy.lifecycle import ClaimStatus, RecoveryStatus
from backend.policy.parameters import PolicyParameters

# Claims that end when their money is settled,
PAID_STATUSES = frozenset(
    {ClaimStatus.CONCESSION_PAID, ClaimStatus.SELLER_ACCEPTED, ClaimStatus.MARKETPLACE_STEPPED_IN}
)
# ... those that end when the appeal window has passed,
UNPAID_STATUSES = frozenset({ClaimStatus.DENIED, ClaimStatus.WITHDRAWN})
# ... and every status a claim may be closed from.
CLOSABLE_STATUSES = PAID_STATUSES | UNPAID_STATUSES
# A recovery that no longer waits for anything.
SETTLED_RECOVERY_STATUSES = frozenset(
    {RecoveryStatus.COLLECTED, RecoveryStatus.WAIVED, RecoveryStatus.RELEASED}
)


@dataclass(frozen=True)
class ClaimMoney:
    """What closing looks at: where the claim stands and where its money stands."""

    status: ClaimStatus
    every_payout_paid: bool
    every_recovery_settled: bool
    appeal_open: bool
    # When the claim was denied or withdrawn (the standing decision, or the withdrawal).
    finished_at: datetime


def appeal_window_ends(finished_at: datetime, params: PolicyParameters) -> datetime:
    """When a denied or withdrawn claim may be closed."""
    return finished_at + timedelta(days=params.appeal_window_days)


def finished_by_for_closing(now: datetime, params: PolicyParameters) -> datetime:
    """A claim denied or withdrawn at or before this moment is past its appeal window at ``now``."""
    return now - timedelta(days=params.appeal_window_days)


def may_close(money: ClaimMoney, now: datetime, params: PolicyParameters) -> bool:
    """Whether the claim is over and may be closed at ``now``."""
    if money.status in PAID_STATUSES:
        return money.every_payout_paid and money.every_recovery_settled and not money.appeal_open
    if money.status in UNPAID_STATUSES:
        return money.finished_at <= finished_by_for_closing(now, params)
    return False

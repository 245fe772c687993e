"""A seller's appeal against a concession the marketplace paid on one of its claims.

The seller may appeal once, within the appeal window (default 30 days) of the concession's
payment, with a statement and evidence; the appeal opens a dispute for the marketplace to decide.
The desk upholds the concession (its reimbursement stays as it was) or grants the appeal (the
reimbursement is waived).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum

from backend.policy.messages import for_seller
from backend.policy.parameters import PolicyParameters


class AppealDecision(str, Enum):
    """What the desk may decide about a seller's appeal."""

    UPHOLD = "uphold"
    GRANT = "grant"


def appeal_refusal(
    concession_paid_at: datetime | None,
    already_appealed: bool,
    now: datetime,
    params: PolicyParameters,
) -> tuple[str, str] | None:
    """Why the seller cannot appeal (a reason code and the seller's words), or ``None``.

    ``concession_paid_at``: when the concession the claim stands as was paid (``None``: it does
    not stand as a concession).
    """
    if concession_paid_at is None:
        return "not_appealable", for_seller("not_appealable")
    if already_appealed:
        return "already_appealed", for_seller("already_appealed")
    closes = concession_paid_at + timedelta(days=params.appeal_window_days)
    if now >= closes:
        return "appeal_window_closed", for_seller("appeal_window_closed", closes=closes)
    return None

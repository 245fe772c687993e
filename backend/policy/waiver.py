"""The seller's way out of a concession's reimbursement.

A concession paid for a seller without qualifying insurance on the incident date is sought back
from the seller; within the waiver window (default 7 days) the seller may prove insurance that
qualified that day, which waives it. After that the recovery is opened for collection.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from backend.policy.lifecycle import Outcome, Payer
from backend.policy.parameters import PolicyParameters
from backend.policy.ruling import Ruling

WAIVED_NOTE = "the seller proved valid insurance on the incident date"


def waiver_window_start(now: datetime, params: PolicyParameters) -> datetime:
    """Reimbursements opened after this moment may still be waived at ``now``; earlier ones not
    (the earliest representable time for a very early ``now``)."""
    try:
        return now - timedelta(days=params.reimbursement_waiver_days)
    except OverflowError:
        return datetime.min.replace(tzinfo=timezone.utc)


def reimbursement_waived(
    reasons: tuple[str, ...], explanation: str, why: str = "reimbursement_waived"
) -> Ruling:
    """The concession stands, and the marketplace no longer seeks the money back: the seller
    proved insurance (``reimbursement_waived``) or won its appeal (``appeal_granted``)."""
    return Ruling(
        outcome=Outcome.CONCESSION,
        payer=Payer.MARKETPLACE,
        reimbursement_sought=False,
        odr_impact=False,
        reasons=(*reasons, why),
        explanation=explanation,
    )

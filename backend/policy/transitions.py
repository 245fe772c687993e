"""What a claim may do next: every status change is one of these moves.

A claim is filed into one of the decision's statuses; a fraud expert's review decides a claim
under review; the seller accepts or rejects a claim routed to it; the marketplace steps in on a
claim the seller is silent on or rejected; the customer withdraws a claim nobody has paid or
promised to pay; the desk decides a seller's rejection (the marketplace steps in, or the seller's
defence is upheld and the claim denied); a settled claim, and a denied or withdrawn one past the
appeal window, is closed. Nothing else moves a claim.
"""

from __future__ import annotations

from backend.policy.lifecycle import ClaimStatus

# From each status (``None``: not filed yet) the statuses a claim may move to.
ALLOWED_MOVES: dict[ClaimStatus | None, frozenset[ClaimStatus]] = {
    None: frozenset(
        {
            ClaimStatus.DENIED,
            ClaimStatus.UNDER_REVIEW,
            ClaimStatus.CONCESSION_PAID,
            ClaimStatus.AWAITING_SELLER,
        }
    ),
    ClaimStatus.UNDER_REVIEW: frozenset(
        {
            ClaimStatus.DENIED,
            ClaimStatus.CONCESSION_PAID,
            ClaimStatus.AWAITING_SELLER,
            ClaimStatus.WITHDRAWN,
        }
    ),
    ClaimStatus.AWAITING_SELLER: frozenset(
        {
            ClaimStatus.SELLER_ACCEPTED,
            ClaimStatus.SELLER_REJECTED,
            ClaimStatus.MARKETPLACE_STEPPED_IN,
            ClaimStatus.WITHDRAWN,
        }
    ),
    ClaimStatus.SELLER_REJECTED: frozenset(
        {ClaimStatus.MARKETPLACE_STEPPED_IN, ClaimStatus.DENIED, ClaimStatus.WITHDRAWN}
    ),
    ClaimStatus.CONCESSION_PAID: frozenset({ClaimStatus.CLOSED}),
    ClaimStatus.SELLER_ACCEPTED: frozenset({ClaimStatus.CLOSED}),
    ClaimStatus.MARKETPLACE_STEPPED_IN: frozenset({ClaimStatus.CLOSED}),
    ClaimStatus.DENIED: frozenset({ClaimStatus.CLOSED}),
    ClaimStatus.WITHDRAWN: frozenset({ClaimStatus.CLOSED}),
}


class ForbiddenMove(ValueError):
    """A status change the table does not allow: a mistake in the code, never a request."""


def may_move(current: ClaimStatus | None, to: ClaimStatus) -> bool:
    """Whether a claim in ``current`` may move to ``to``."""
    return to in ALLOWED_MOVES.get(current, frozenset())


def check_move(current: ClaimStatus | None, to: ClaimStatus) -> None:
    """Refuse (``ForbiddenMove``) a status change the table does not allow."""
    if not may_move(current, to):
        raise ForbiddenMove(f"a claim cannot move from {current} to {to}")


def statuses_that_may_move_to(to: ClaimStatus) -> frozenset[ClaimStatus]:
    """The filed statuses from which a claim may move to ``to``."""
    return frozenset(
        status for status, moves in ALLOWED_MOVES.items() if status is not None and to in moves
    )

"""The life of a claim: the statuses it can be in and the events recorded along the way."""

from __future__ import annotations

from enum import Enum


class ClaimStatus(str, Enum):
    """Where a claim stands (the public contract's list)."""

    UNDER_REVIEW = "under_review"
    DENIED = "denied"
    CONCESSION_PAID = "concession_paid"
    AWAITING_SELLER = "awaiting_seller"
    SELLER_ACCEPTED = "seller_accepted"
    SELLER_REJECTED = "seller_rejected"
    MARKETPLACE_STEPPED_IN = "marketplace_stepped_in"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


# A claim in any other status still "stands": a second claim on the same item is a duplicate.
FINISHED_STATUSES = frozenset({ClaimStatus.DENIED, ClaimStatus.WITHDRAWN, ClaimStatus.CLOSED})


class ClaimEventType(str, Enum):
    """Things that happen to a claim, recorded in its timeline."""

    SUBMITTED = "submitted"
    DENIED = "denied"
    CONCESSION_PAID = "concession_paid"
    SELLER_NOTIFIED = "seller_notified"
    INSURER_NOTIFIED = "insurer_notified"


class Outcome(str, Enum):
    """What the claims desk decided to do with a claim."""

    DENIED = "denied"
    CONCESSION = "concession"
    ROUTED_TO_SELLER = "routed_to_seller"


class Payer(str, Enum):
    """Who pays the customer."""

    MARKETPLACE = "marketplace"
    SELLER = "seller"

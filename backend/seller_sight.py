"""Which claims a seller sees: those put before it, routed to it or a concession it was told of
(``seller_notified`` in the timeline), to their end, a denial after its defence included. A claim
only the fraud experts saw, or one denied before it reached the seller, stays hidden from it
whatever becomes of it (denied, withdrawn, closed)."""

from __future__ import annotations

from backend.models import Claim, ClaimEvent
from backend.policy.lifecycle import ClaimEventType

# The SQL condition: the claim's timeline has a ``seller_notified`` event.
PUT_BEFORE_SELLER = Claim.events.any(ClaimEvent.type == ClaimEventType.SELLER_NOTIFIED.value)


def put_before_seller(claim: Claim) -> bool:
    """Whether the seller has been told of this claim (a concession or routing tells it)."""
    return any(event.type == ClaimEventType.SELLER_NOTIFIED.value for event in claim.events)

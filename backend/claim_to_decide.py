"""The claim a desk decision is about, as the page that decided showed it.

Every decision on the desk may name the status the page showed (``expected_status``): when the
claim has moved on since, the decision is refused (``stale_state``) and nothing changes, so a
person never decides on what they did not see.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.claims import claim_by_reference
from backend.models import Claim
from backend.refusals import ClaimNotFound, StaleState


def claim_to_decide(session: Session, reference: str, expected_status: str | None) -> Claim:
    """The claim ``reference``, locked for the decision; 404 unknown, 409 ``stale_state``."""
    claim = claim_by_reference(session, reference, lock=True)
    if claim is None:
        raise ClaimNotFound.of(reference)
    if expected_status is not None and claim.status != expected_status:
        raise StaleState.of(reference, expected_status, claim.status)
    return claim

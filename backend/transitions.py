"""Moving a claim from one status to another so that, of concurrent movers, exactly one wins.

Several backend instances may sweep deadlines while a seller answers and an admin steps in. Each
move is one conditional UPDATE (``... WHERE id = :id AND status IN (:from)``): the database lets
exactly one of them change the row, and only that one goes on to pay, open a recovery or record
events. Every move is one the policy allows (``backend.policy.transitions``).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.models import Claim
from backend.policy.lifecycle import ClaimStatus
from backend.policy.transitions import check_move


def move_claim(
    session: Session, claim: Claim, from_statuses: Collection[ClaimStatus], to: ClaimStatus
) -> bool:
    """Move ``claim`` to ``to`` if it is still in one of ``from_statuses``; whether it moved.

    On success the claim is re-read: the UPDATE holds its row until the commit, so what is read
    now is what the rest of the unit of work builds on.
    """
    for current in from_statuses:
        check_move(current, to)
    moved = session.execute(
        update(Claim)
        .where(Claim.id == claim.id, Claim.status.in_([status.value for status in from_statuses]))
        .values(status=to.value)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return False
    session.refresh(claim)
    return True

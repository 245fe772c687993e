"""Finding claims for the desk: by order, conversation, status, seller, customer email and the
day they were filed; oldest filed first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.claim_view import CLAIM_VIEW_LOADING, claim_as_json
from backend.clock import format_timestamp
from backend.models import Claim
from backend.policy.lifecycle import ClaimStatus


@dataclass(frozen=True)
class ClaimSearch:
    """What to look for; every filter given must match."""

    order_id: str | None = None
    conversation_id: str | None = None
    status: ClaimStatus | None = None
    seller_id: str | None = None
    customer_email: str | None = None  # trimmed, case-insensitive
    filed_after: date | None = None  # filed on this day or later
    filed_before: date | None = None  # filed before this day


def find_claims(session: Session, search: ClaimSearch) -> list[dict[str, Any]]:
    """Claims matching ``search``, oldest filed first, each as the API shows a claim plus who
    filed it and when."""
    query = select(Claim).options(*CLAIM_VIEW_LOADING).order_by(Claim.filed_at, Claim.id)
    if search.order_id is not None:
        query = query.where(Claim.order_id == search.order_id)
    if search.conversation_id is not None:
        query = query.where(Claim.conversation_id == search.conversation_id)
    if search.status is not None:
        query = query.where(Claim.status == search.status.value)
    if search.seller_id is not None:
        query = query.where(Claim.seller_id == search.seller_id)
    if search.customer_email is not None:
        email = search.customer_email.strip().lower()
        query = query.where(func.lower(Claim.customer_email) == email)
    if search.filed_after is not None:
        query = query.where(Claim.filed_at >= _start_of(search.filed_after))
    if search.filed_before is not None:
        query = query.where(Claim.filed_at < _start_of(search.filed_before))
    return [
        {
            **claim_as_json(claim),
            "customer_email": claim.customer_email,
            "filed_at": format_timestamp(claim.filed_at),
        }
        for claim in session.execute(query).scalars()
    ]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)

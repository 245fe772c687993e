"""A claim's timeline: append-only events, each with its time and who caused it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from backend.models import Claim, ClaimEvent
from backend.policy.lifecycle import ClaimEventType

SYSTEM = "system"


def record_event(
    claim: Claim,
    event_type: ClaimEventType,
    at: datetime,
    actor: str = SYSTEM,
    note: str | None = None,
) -> ClaimEvent:
    """Append an event to the claim's timeline (stored with the claim's unit of work)."""
    entry = ClaimEvent(at=at, type=event_type.value, actor=actor, note=note)
    claim.events.append(entry)
    return entry


@event.listens_for(Session, "before_flush")
def _refuse_rewriting_history(session: Session, flush_context: object, instances: object) -> None:
    """Events are never changed or deleted once stored: the timeline is an audit record."""
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, ClaimEvent) and (
            instance in session.deleted or session.is_modified(instance)
        ):
            raise ValueError("claim events are append-only")

"""An admin's decision on a failed outbox message: retry it (back to ``pending``, its attempts
counted afresh) or drop it (``dropped``: nobody will send it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.models import Claim, OutboxMessage
from backend.outbox import OutboxStatus, message_as_json
from backend.refusals import MessageNotFound, NotDecidable

# Message ids are 32-bit integers: a larger number names no message.
LARGEST_ID = 2**31 - 1


def retry_message(session: Session, message_id: int, now: datetime) -> dict[str, Any]:
    """Send failed message ``message_id`` again from its first attempt."""
    return _decide(
        session,
        message_id,
        status=OutboxStatus.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        locked_until=None,
    )


def drop_message(session: Session, message_id: int) -> dict[str, Any]:
    """Give up on failed message ``message_id``."""
    return _decide(session, message_id, status=OutboxStatus.DROPPED.value)


def _decide(session: Session, message_id: int, **values: Any) -> dict[str, Any]:
    """Change a failed message (404 unknown, 409 ``not_failed``); one of concurrent admins wins."""
    if message_id > LARGEST_ID:
        raise _not_found(message_id)
    changed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.FAILED.value)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    row = session.execute(
        select(OutboxMessage, Claim.reference)
        .outerjoin(Claim, Claim.id == OutboxMessage.claim_id)
        .where(OutboxMessage.id == message_id)
    ).first()
    if row is None:
        raise _not_found(message_id)
    if not changed:
        raise NotDecidable.single(
            "not_failed",
            f"Message {message_id} is {row[0].status}; only a failed message can be retried "
            "or dropped.",
            field="message_id",
        )
    return message_as_json(*row)


def _not_found(message_id: int) -> MessageNotFound:
    return MessageNotFound.single(
        "message_not_found", f"There is no outbox message {message_id}.", field="message_id"
    )

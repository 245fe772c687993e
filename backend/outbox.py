"""The transactional outbox: notifications stored with the change they report, delivered after.

A message is written in the same transaction as the claim's change (``write_message``), so it
exists exactly when the change does. Seller webhooks and pushed customer messages start
``pending``; a dispatcher (``backend.workers``, ``python -m backend dispatch`` or
``POST /api/admin/outbox/dispatch``) claims a batch by setting ``locked_until`` on rows it
selected ``FOR UPDATE SKIP LOCKED``, so two dispatchers (two backends) never hold the same
message at once, sends them (a webhook is POSTed to
the seller; a customer message is appended to the claim's conversation as a bot message, which
Rasa sends to the customer's channel), and records the result: ``delivered``, or a retry after an
exponential, jittered delay, until the last allowed attempt leaves a webhook ``failed`` for an
admin to see; customer news is never dropped: past its attempts it is kept ``pending`` and tried
hourly until delivered (counted as ``kept``). A dispatcher that dies while holding messages holds them only until ``locked_until`` passes.
Delivery is at least once: a dispatcher that stalls past its lease may see another deliver too.

E-mails to customers and sellers are sent over SMTP (``backend.mail``) the same way, when the
backend has a mail server (``CLAIMS_SMTP_URL``): the sessions it writes with say so
(``session_info``). Without one, they are ``recorded`` for a mail gateway to read, like customer
messages that are not pushed (see ``backend.notifications``) and insurer notices (for customer
messaging and the insurer liaison).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from backend.clock import format_timestamp
from backend.db import in_transaction
from backend.http_clients import HttpClients
from backend.mail import deliver_email
from backend.models import Claim, OutboxMessage
from backend.rasa_conversations import AssistantUnavailable, RasaConversations
from backend.settings import Settings
from backend.webhooks import post_webhook

log = logging.getLogger(__name__)

# Retries wait about 30 s, 1 min, 2 min, ... (each between half and all of that), at most 1 h.
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
BATCH_SIZE = 50


class OutboxKind(str, Enum):
    """Who a message is for and how it travels."""

    SELLER_WEBHOOK = "seller_webhook"
    SELLER_EMAIL = "seller_email"
    CUSTOMER = "customer"  # in the customer's conversation
    CUSTOMER_EMAIL = "customer_email"
    INSURER = "insurer"


EMAIL_KINDS = frozenset({OutboxKind.SELLER_EMAIL, OutboxKind.CUSTOMER_EMAIL})
# News for the customer is never dropped (see ``record_attempts``).
CUSTOMER_KINDS = frozenset({OutboxKind.CUSTOMER.value, OutboxKind.CUSTOMER_EMAIL.value})
# The session ``info`` key that says e-mails written in it are sent (the backend has SMTP).
SENDS_EMAIL = "outbox_sends_email"


def session_info(settings: Settings) -> dict[str, Any]:
    """What sessions that write the outbox must know: whether e-mails are sent or recorded."""
    return {SENDS_EMAIL: bool(settings.smtp_url)}


class OutboxStatus(str, Enum):
    """Where a message stands."""

    PENDING = "pending"  # a message the backend delivers, waiting for its (next) attempt
    DELIVERED = "delivered"  # the seller's endpoint answered 2xx, Rasa or the mail server took it
    FAILED = "failed"  # every allowed attempt failed; an admin has to look
    RECORDED = "recorded"  # kept for a delivery channel outside the backend
    DROPPED = "dropped"  # a failed message an admin gave up on


def write_message(
    session: Session,
    kind: OutboxKind,
    topic: str,
    recipient: str,
    payload: dict[str, Any],
    claim_id: int | None,
    now: datetime,
    push: bool = False,
) -> OutboxMessage:
    """Add a message to the outbox in ``session``'s transaction.

    Seller webhooks are dispatched; so is a customer message with ``push`` (its payload names the
    ``channel`` and ``conversation_id`` it goes to), and an e-mail when ``session`` was made with
    ``session_info`` of settings that have a mail server. Every other message is recorded.
    """
    dispatched = (
        kind is OutboxKind.SELLER_WEBHOOK
        or (kind is OutboxKind.CUSTOMER and push)
        or (kind in EMAIL_KINDS and bool(session.info.get(SENDS_EMAIL)))
    )
    message = OutboxMessage(
        kind=kind.value,
        topic=topic,
        recipient=recipient,
        payload=payload,
        claim_id=claim_id,
        created_at=now,
        status=(OutboxStatus.PENDING if dispatched else OutboxStatus.RECORDED).value,
        attempts=0,
        next_attempt_at=now,
    )
    session.add(message)
    return message


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: doubling, capped, jittered.

    The jitter (between half and all of the doubled delay) keeps sellers whose endpoint was down
    from being hit by every retry at the same moment when it comes back.
    """
    ceiling = min(RETRY_CAP, RETRY_BASE * 2 ** (attempts - 1))
    return ceiling / 2 + ceiling / 2 * random.random()


def lease(settings: Settings) -> timedelta:
    """How long a dispatcher holds a claimed batch: well past the time its requests may take."""
    slowest = max(
        settings.webhook_timeout_seconds,
        settings.rasa_timeout_seconds,
        settings.smtp_timeout_seconds,
    )
    return timedelta(seconds=2 * slowest + 30)


# The kinds a dispatcher delivers (only their ``pending`` messages; the others are recorded).
DISPATCHED_KINDS = (
    OutboxKind.SELLER_WEBHOOK.value,
    OutboxKind.CUSTOMER.value,
    *(kind.value for kind in EMAIL_KINDS),
)


@dataclass(frozen=True)
class ClaimedMessage:
    """A message this dispatcher holds until ``locked_until``."""

    id: int
    kind: str
    recipient: str  # the seller's webhook URL; the customer's e-mail address
    topic: str
    payload: dict[str, Any]
    attempts: int
    locked_until: datetime


def claim_batch(
    session: Session, now: datetime, hold_for: timedelta, limit: int
) -> list[ClaimedMessage]:
    """Take up to ``limit`` due messages nobody holds, by setting their ``locked_until``.

    On PostgreSQL the rows are selected ``FOR UPDATE SKIP LOCKED``: a dispatcher in another
    backend passes over the rows this transaction is taking and takes the next ones, and once this
    one commits they are held (no longer due). SQLite runs one writing transaction at a time.
    """
    free = or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now)
    due = (
        OutboxMessage.kind.in_(DISPATCHED_KINDS),
        OutboxMessage.status == OutboxStatus.PENDING.value,
        OutboxMessage.next_attempt_at <= now,
        free,
    )
    taken = list(
        session.execute(
            select(OutboxMessage.id)
            .where(*due)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).scalars()
    )
    if not taken:
        return []
    locked_until = now + hold_for
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(taken))
        .values(locked_until=locked_until)
        .execution_options(synchronize_session=False)
    )
    rows = session.execute(select(OutboxMessage).where(OutboxMessage.id.in_(taken))).scalars()
    return [
        ClaimedMessage(
            id=row.id,
            kind=row.kind,
            recipient=row.recipient,
            topic=row.topic,
            payload=row.payload,
            attempts=row.attempts,
            locked_until=locked_until,
        )
        for row in sorted(rows, key=lambda row: row.id)
    ]


@dataclass
class DispatchReport:
    """What one dispatch pass did."""

    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    # Customer news past its allowed attempts: never dropped, it keeps being retried (hourly)
    # until Rasa or the mail server takes it.
    kept: int = 0

    def add(self, other: DispatchReport) -> None:
        """Count ``other``'s messages too."""
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def as_json(self) -> dict[str, int]:
        """The report as the admin API answers it."""
        return asdict(self)


def record_attempts(
    session: Session,
    outcomes: Iterable[tuple[ClaimedMessage, str | None]],
    now: datetime,
    max_attempts: int,
) -> DispatchReport:
    """Store each attempt's result (``None``: delivered, else the error), if still held.

    A dispatcher whose lease ran out (another one took the message over) records nothing.
    """
    report = DispatchReport()
    for message, error in outcomes:
        report.claimed += 1
        attempts = message.attempts + 1
        if error is None:
            values: dict[str, Any] = {
                "status": OutboxStatus.DELIVERED.value,
                "delivered_at": now,
                "last_error": None,
            }
            outcome = "delivered"
        elif attempts >= max_attempts and message.kind in CUSTOMER_KINDS:
            values = {"next_attempt_at": now + RETRY_CAP, "last_error": error}
            outcome = "kept"
        elif attempts >= max_attempts:
            values = {"status": OutboxStatus.FAILED.value, "last_error": error}
            outcome = "failed"
        else:
            values = {"next_attempt_at": now + retry_delay(attempts), "last_error": error}
            outcome = "retrying"
        updated = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message.id,
                OutboxMessage.locked_until == message.locked_until,
            )
            .values(attempts=attempts, locked_until=None, **values)
            .execution_options(synchronize_session=False)
        ).rowcount
        if updated:
            setattr(report, outcome, getattr(report, outcome) + 1)
        else:
            log.warning("outbox message %s: lease lost before its result was recorded", message.id)
    return report


async def dispatch_outbox(
    sessions: sessionmaker,
    settings: Settings,
    clients: HttpClients,
    batch_size: int = BATCH_SIZE,
) -> DispatchReport:
    """Deliver every due webhook, customer message and e-mail, batch by batch, through the
    process's ``clients``; say what happened."""
    report = DispatchReport()
    while True:
        batch = await _dispatch_batch(clients, sessions, settings, batch_size)
        report.add(batch)
        if batch.claimed < batch_size:
            return report


async def _dispatch_batch(
    clients: HttpClients,
    sessions: sessionmaker,
    settings: Settings,
    batch_size: int,
) -> DispatchReport:
    """Claim one batch, send every message in it at once, record the results."""
    now = settings.clock()
    batch = await in_transaction(
        sessions, lambda session: claim_batch(session, now, lease(settings), batch_size)
    )
    if not batch:
        return DispatchReport()
    results = await asyncio.gather(
        *(_send(clients, settings, message) for message in batch),
        return_exceptions=True,
    )
    errors = [_as_error(message, result) for message, result in zip(batch, results)]
    finished = settings.clock()
    return await in_transaction(
        sessions,
        lambda session: record_attempts(
            session, zip(batch, errors), finished, settings.webhook_max_attempts
        ),
    )


async def _send(clients: HttpClients, settings: Settings, message: ClaimedMessage) -> str | None:
    """One attempt at one message: ``None`` when it was delivered, else why it was not."""
    if message.kind == OutboxKind.CUSTOMER.value:
        return await _push_to_conversation(clients.rasa, message.payload)
    if OutboxKind(message.kind) in EMAIL_KINDS:
        return await deliver_email(settings, message.id, message.recipient, message.payload)
    return await post_webhook(
        clients.webhooks,
        message.recipient,
        message.id,
        message.topic,
        message.payload,
        settings.webhook_secret,
    )


async def _push_to_conversation(rasa: RasaConversations, payload: dict[str, Any]) -> str | None:
    """Say the message in the claim's conversation; Rasa sends it to the customer's channel."""
    try:
        await rasa.append_events(
            payload["conversation_id"],
            [{"event": "bot", "text": payload["message"]}],
            output_channel=payload["channel"],
            execute_side_effects=True,
        )
    except AssistantUnavailable as error:
        return str(error)
    return None


def _as_error(message: ClaimedMessage, result: str | None | BaseException) -> str | None:
    """An attempt's result as an error text; unexpected exceptions are logged, then retried."""
    if isinstance(result, BaseException):
        log.error("outbox message %s: unexpected delivery error", message.id, exc_info=result)
        return f"unexpected error: {result.__class__.__name__}"
    return result


def list_messages(
    session: Session, status: OutboxStatus | None, kind: OutboxKind | None, limit: int
) -> list[dict[str, Any]]:
    """The newest ``limit`` messages, optionally of one status and kind, for admins."""
    query = (
        select(OutboxMessage, Claim.reference)
        .outerjoin(Claim, Claim.id == OutboxMessage.claim_id)
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    )
    if status is not None:
        query = query.where(OutboxMessage.status == status.value)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind.value)
    return [message_as_json(message, reference) for message, reference in session.execute(query)]


def message_as_json(message: OutboxMessage, claim_reference: str | None) -> dict[str, Any]:
    """An outbox message as admins see it."""

    def moment(value: datetime | None) -> str | None:
        return format_timestamp(value) if value else None

    return {
        "id": message.id,
        "kind": message.kind,
        "topic": message.topic,
        "recipient": message.recipient,
        "claim_reference": claim_reference,
        "status": message.status,
        "attempts": message.attempts,
        "created_at": moment(message.created_at),
        "next_attempt_at": moment(message.next_attempt_at),
        "locked_until": moment(message.locked_until),
        "delivered_at": moment(message.delivered_at),
        "last_error": message.last_error,
        "payload": message.payload,
    }

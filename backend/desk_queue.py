"""What waits on the claims desk: claims to review, disputes and appeals to decide, recoveries
held, messages that failed. Overdue items first, then the longest waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backend.clock import format_timestamp
from backend.disputes import rejected_at
from backend.models import Appeal, Claim, OutboxMessage, Recovery
from backend.money import format_dollars, format_money
from backend.outbox import OutboxStatus
from backend.policy.dispute import desk_due, is_overdue
from backend.policy.lifecycle import AppealStatus, ClaimStatus, RecoveryStatus
from backend.policy.parameters import PolicyParameters

SUMMARY_STATEMENT_CHARS = 120


@dataclass(frozen=True)
class QueueItem:
    """One thing the desk has to do."""

    kind: str  # review, dispute, appeal, held_recovery, failed_message
    waiting_since: datetime
    summary: str
    claim: Claim | None = None
    outbox_id: int | None = None
    due: datetime | None = None

    def as_json(self, now: datetime) -> dict[str, Any]:
        """The item as ``GET /api/desk/queue`` lists it."""
        claim = self.claim
        return {
            "kind": self.kind,
            "reference": claim.reference if claim else None,
            "outbox_id": self.outbox_id,
            "status": claim.status if claim else None,
            "seller_id": claim.seller_id if claim else None,
            "claimed_total": format_money(claim.claimed_total) if claim else None,
            "waiting_since": format_timestamp(self.waiting_since),
            "due": format_timestamp(self.due) if self.due else None,
            "overdue": is_overdue(self.due, now),
            "summary": self.summary,
        }


def desk_queue(session: Session, params: PolicyParameters, now: datetime) -> list[dict[str, Any]]:
    """Everything waiting on the desk, overdue first, then oldest first."""
    items = [
        *_reviews(session, params),
        *_disputes(session, params),
        *_appeals(session, params),
        *_held_recoveries(session),
        *_failed_messages(session),
    ]
    items.sort(key=lambda item: (not is_overdue(item.due, now), item.waiting_since))
    return [item.as_json(now) for item in items]


def _reviews(session: Session, params: PolicyParameters) -> list[QueueItem]:
    claims = session.execute(
        select(Claim)
        .where(Claim.status == ClaimStatus.UNDER_REVIEW.value)
        .options(selectinload(Claim.decisions))
    ).scalars()
    items = []
    for claim in claims:
        referred = claim.decision.decided_at
        items.append(
            QueueItem(
                kind="review",
                claim=claim,
                waiting_since=referred,
                due=referred + timedelta(days=params.review_days),
                summary=f"{format_dollars(claim.claimed_total)} claim referred for review "
                f"(fraud score {claim.decision.fraud_score:.2f}).",
            )
        )
    return items


def _disputes(session: Session, params: PolicyParameters) -> list[QueueItem]:
    claims = session.execute(
        select(Claim)
        .where(Claim.status == ClaimStatus.SELLER_REJECTED.value)
        .options(selectinload(Claim.seller_responses))
    ).scalars()
    return [
        QueueItem(
            kind="dispute",
            claim=claim,
            waiting_since=rejected_at(claim),
            due=desk_due(rejected_at(claim), params),
            summary=f"{claim.seller_id} rejected the claim: "
            + _short(claim.seller_responses[-1].statement),
        )
        for claim in claims
    ]


def _appeals(session: Session, params: PolicyParameters) -> list[QueueItem]:
    appeals = session.execute(
        select(Appeal)
        .where(Appeal.status == AppealStatus.OPEN.value)
        .options(selectinload(Appeal.claim))
    ).scalars()
    return [
        QueueItem(
            kind="appeal",
            claim=appeal.claim,
            waiting_since=appeal.filed_at,
            due=desk_due(appeal.filed_at, params),
            summary=f"{appeal.seller_id} appeals the concession: {_short(appeal.statement)}",
        )
        for appeal in appeals
    ]


def _held_recoveries(session: Session) -> list[QueueItem]:
    recoveries = session.execute(
        select(Recovery)
        .where(Recovery.status == RecoveryStatus.HELD.value)
        .options(selectinload(Recovery.claim))
    ).scalars()
    return [
        QueueItem(
            kind="held_recovery",
            claim=recovery.claim,
            waiting_since=recovery.opened_at,
            summary=f"{format_dollars(recovery.amount)} from {recovery.seller_id} held while "
            "the seller disputes the claim: release or collect it.",
        )
        for recovery in recoveries
    ]


def _failed_messages(session: Session) -> list[QueueItem]:
    rows = session.execute(
        select(OutboxMessage, Claim)
        .outerjoin(Claim, Claim.id == OutboxMessage.claim_id)
        .where(OutboxMessage.status == OutboxStatus.FAILED.value)
    ).all()
    return [
        QueueItem(
            kind="failed_message",
            claim=claim,
            outbox_id=message.id,
            waiting_since=message.created_at,
            summary=f"{message.topic} to {message.recipient} failed after {message.attempts} "
            f"attempts: {_short(message.last_error)}",
        )
        for message, claim in rows
    ]


def _short(text: str | None) -> str:
    """A statement cut to fit a queue line."""
    text = (text or "").strip()
    if len(text) <= SUMMARY_STATEMENT_CHARS:
        return text
    return text[: SUMMARY_STATEMENT_CHARS - 1].rstrip() + "…"

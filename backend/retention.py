"""Forgetting what is no longer needed: ``python -m backend forget [--days N]``.

Older than ``CLAIMS_RETENTION_DAYS`` (default 730), and only once nothing still depends on it:

- evidence files whose claims are all finished (denied, withdrawn, closed) or that belong to no
  claim: the file is deleted from the evidence directory (the record keeps its digest, type and
  size, so the timeline still says a file was there);
- outbox messages no longer waiting to go out: their payload (names, amounts, messages);
- handoffs the assistant has back: the claim facts and the customer's message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Claim, ClaimEvidence, Evidence, Handoff, OutboxMessage
from backend.policy.lifecycle import FINISHED_STATUSES

FORGOTTEN = {"forgotten": True}
STILL_GOING_OUT = ("pending",)
HANDED_BACK = "returned"


@dataclass(frozen=True)
class Forgotten:
    """How much one pass forgot."""

    evidence_files: int
    outbox_payloads: int
    handoff_facts: int

    def as_json(self) -> dict[str, int]:
        return {
            "evidence_files": self.evidence_files,
            "outbox_payloads": self.outbox_payloads,
            "handoff_facts": self.handoff_facts,
        }


def forget_older_than(session: Session, evidence_dir: Path, cutoff: datetime) -> Forgotten:
    """Forget everything listed above from before ``cutoff``."""
    return Forgotten(
        evidence_files=_forget_evidence(session, evidence_dir, cutoff),
        outbox_payloads=_forget_outbox(session, cutoff),
        handoff_facts=_forget_handoffs(session, cutoff),
    )


def retention_cutoff(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def _forget_evidence(session: Session, directory: Path, cutoff: datetime) -> int:
    still_needed = (
        select(ClaimEvidence.evidence_id)
        .join(Claim, Claim.id == ClaimEvidence.claim_id)
        .where(Claim.status.not_in([status.value for status in FINISHED_STATUSES]))
    )
    old = session.execute(
        select(Evidence).where(Evidence.uploaded_at < cutoff, Evidence.id.not_in(still_needed))
    ).scalars()
    kept_digests = set(
        session.execute(
            select(Evidence.sha256).where(
                (Evidence.uploaded_at >= cutoff) | Evidence.id.in_(still_needed)
            )
        ).scalars()
    )
    deleted = 0
    for evidence in old:
        evidence.original_filename = None
        path = directory / evidence.sha256
        if evidence.sha256 not in kept_digests and path.exists():
            path.unlink()
            deleted += 1
    return deleted


def _forget_outbox(session: Session, cutoff: datetime) -> int:
    messages = session.execute(
        select(OutboxMessage).where(
            OutboxMessage.created_at < cutoff, OutboxMessage.status.not_in(STILL_GOING_OUT)
        )
    ).scalars()
    forgotten = 0
    for message in messages:
        if message.payload != FORGOTTEN:
            message.payload = dict(FORGOTTEN)
            forgotten += 1
    return forgotten


def _forget_handoffs(session: Session, cutoff: datetime) -> int:
    handoffs = session.execute(
        select(Handoff).where(Handoff.created_at < cutoff, Handoff.status == HANDED_BACK)
    ).scalars()
    forgotten = 0
    for handoff in handoffs:
        if handoff.facts or handoff.customer_message:
            handoff.facts, handoff.customer_message = {}, None
            forgotten += 1
    return forgotten

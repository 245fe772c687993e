"""The desk decides a seller's appeal against a concession: upheld, the concession stands with
its reimbursement as it was; granted, the reimbursement is waived. The seller is told; the
customer, already paid, is not involved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.claim_to_decide import claim_to_decide
from backend.claim_view import claim_as_json
from backend.decisions import record_decision
from backend.models import Claim
from backend.notifications import APPEAL_DECIDED, notify_claim_event
from backend.policy.appeal import AppealDecision
from backend.policy.lifecycle import (
    AppealStatus,
    ClaimEventType,
    RecoveryKind,
    RecoveryStatus,
)
from backend.policy.waiver import reimbursement_waived
from backend.refusals import NotDecidable
from backend.timeline import record_event

GRANTED_NOTE = "the seller's appeal was granted"
# A concession's reimbursement an appeal can still waive: not yet collected.
_WAIVABLE = (RecoveryStatus.AWAITING_PROOF.value, RecoveryStatus.OPEN.value)


def decide_appeal(
    session: Session,
    reference: str,
    decision: AppealDecision,
    note: str | None,
    now: datetime,
    admin: str,
    expected_status: str | None = None,
) -> dict[str, Any]:
    """Decide the open appeal on claim ``reference`` (409 ``no_open_appeal`` without one)."""
    claim = claim_to_decide(session, reference, expected_status)
    appeal = next((a for a in claim.appeals if a.status == AppealStatus.OPEN.value), None)
    if appeal is None:
        raise NotDecidable.single(
            "no_open_appeal",
            f"Claim {reference} has no appeal waiting for a decision.",
            field="reference",
        )
    granted = decision is AppealDecision.GRANT
    appeal.status = (AppealStatus.GRANTED if granted else AppealStatus.UPHELD).value
    appeal.decided_at = now
    appeal.note = note
    claim.dispute_open = False
    record_event(
        claim,
        ClaimEventType.APPEAL_DECIDED,
        now,
        actor=admin,
        note=appeal.status + (f": {note}" if note else ""),
    )
    if granted:
        _waive_reimbursement(claim, now, admin, note)
    notify_claim_event(session, claim, APPEAL_DECIDED, now)
    session.flush()
    return claim_as_json(claim)


def _waive_reimbursement(claim: Claim, now: datetime, admin: str, note: str | None) -> None:
    """The concession stands; the marketplace no longer seeks it back from the seller."""
    for recovery in claim.recoveries:
        if (
            recovery.kind == RecoveryKind.CONCESSION_REIMBURSEMENT.value
            and recovery.status in _WAIVABLE
        ):
            recovery.status = RecoveryStatus.WAIVED.value
            recovery.closed_at = now
            recovery.note = GRANTED_NOTE
            record_event(
                claim, ClaimEventType.REIMBURSEMENT_WAIVED, now, actor=admin, note=GRANTED_NOTE
            )
    standing = claim.decision
    record_decision(
        claim,
        now,
        reimbursement_waived(tuple(standing.reasons), standing.explanation, "appeal_granted"),
        decided_by=admin,
        note=note,
    )

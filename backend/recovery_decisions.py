"""The desk's decisions on a claim's recovery: release or collect a held one, mark an open one
collected (``backend.policy.recovery``). Releasing or collecting ends the seller's dispute."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.claim_to_decide import claim_to_decide
from backend.claim_view import claim_as_json
from backend.money import format_dollars
from backend.notifications import RECOVERY_RELEASED, RECOVERY_SOUGHT, notify_claim_event
from backend.policy.closing import SETTLED_RECOVERY_STATUSES
from backend.policy.recovery import RECOVERY_MOVES, RecoveryDecision
from backend.refusals import NotDecidable
from backend.timeline import record_event

# What the seller hears of each decision (the money coming in needs no message).
_TOPICS = {RecoveryDecision.RELEASE: RECOVERY_RELEASED, RecoveryDecision.COLLECT: RECOVERY_SOUGHT}


def decide_recovery(
    session: Session,
    reference: str,
    decision: RecoveryDecision,
    note: str | None,
    now: datetime,
    admin: str,
    expected_status: str | None = None,
) -> dict[str, Any]:
    """Apply ``decision`` to the claim's recovery in the status it needs (409
    ``no_held_recovery`` / ``no_open_recovery`` without one)."""
    claim = claim_to_decide(session, reference, expected_status)
    needs, leaves, event = RECOVERY_MOVES[decision]
    recovery = next((r for r in claim.recoveries if r.status == needs.value), None)
    if recovery is None:
        raise NotDecidable.single(
            f"no_{needs.value}_recovery",
            f"Claim {reference} has no {needs.value} recovery to {decision.value.replace('_', ' ')}.",
            field="reference",
        )
    recovery.status = leaves.value
    if leaves in SETTLED_RECOVERY_STATUSES:
        recovery.closed_at = now
    if note:
        recovery.note = note
    if decision in _TOPICS:
        claim.dispute_open = False
    record_event(
        claim,
        event,
        now,
        actor=admin,
        note=format_dollars(recovery.amount) + (f": {note}" if note else ""),
    )
    if decision in _TOPICS:
        notify_claim_event(session, claim, _TOPICS[decision], now)
    session.flush()
    return claim_as_json(claim)

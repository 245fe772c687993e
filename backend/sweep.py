"""The deadlines sweep: everything due by "now", applied once, however many instances sweep.

Due are claims awaiting the seller whose response deadline has come (the marketplace steps in),
claims awaiting the seller whose deadline is less than 48 hours away (the seller is reminded,
once: the claim's timeline gets ``seller_reminded``), concession reimbursements whose waiver
window has closed (they become ``open``), and claims that are over (settled, or denied or
withdrawn past the appeal window: they are closed); sellers behind on proof of insurance are
reminded (``backend.insurance_reminders``). The sweep
finds what is due, then settles each item in its own short unit of work through a conditional
UPDATE; when several backend instances sweep at once, exactly one of them settles each item and
only that one pays, opens the recovery and records the events. A reminder is written under a
lock on the claim's row, so of two sweepers only the first reminds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from backend.clock import format_timestamp
from backend.closing import closable_claims, close_if_over
from backend.db import run_in_transaction
from backend.insurance_reminders import remind_seller, sellers_to_remind
from backend.models import Claim, ClaimEvent, Recovery
from backend.money import format_dollars
from backend.notifications import RESPONSE_DUE_SOON, notify_claim_event
from backend.policy.lifecycle import ClaimEventType, ClaimStatus, RecoveryKind, RecoveryStatus
from backend.policy.parameters import PolicyParameters
from backend.policy.waiver import waiver_window_start
from backend.settings import Settings
from backend.step_in import SWEEP, step_in_for_silence
from backend.timeline import record_event

# How long before its response deadline a seller is reminded.
REMINDER_AHEAD = timedelta(hours=48)


@dataclass
class SweepSummary:
    """What one sweep did: references of the claims it changed, by kind of deadline."""

    now: datetime
    stepped_in: list[str] = field(default_factory=list)
    sellers_reminded: list[str] = field(default_factory=list)
    waiver_windows_closed: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    insurance_reminders: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The summary as the API and the CLI print it."""
        return {
            "now": format_timestamp(self.now),
            "stepped_in": self.stepped_in,
            "sellers_reminded": self.sellers_reminded,
            "waiver_windows_closed": self.waiver_windows_closed,
            "closed": self.closed,
            "insurance_reminders": self.insurance_reminders,
        }


def sweep_deadlines(sessions: sessionmaker, settings: Settings, now: datetime) -> SweepSummary:
    """Apply every deadline due by ``now``; safe to run from several processes at once."""
    summary = SweepSummary(now=now)
    for claim_id in run_in_transaction(sessions, lambda session: _silent_sellers(session, now)):
        reference = run_in_transaction(sessions, partial(_step_in, claim_id=claim_id, now=now))
        if reference is not None:
            summary.stepped_in.append(reference)
    for claim_id in run_in_transaction(sessions, lambda session: _due_soon(session, now)):
        reference = run_in_transaction(sessions, partial(_remind, claim_id=claim_id, now=now))
        if reference is not None:
            summary.sellers_reminded.append(reference)
    window_opened_before = waiver_window_start(now, settings.policy)
    for recovery_id in run_in_transaction(
        sessions, lambda session: _waivable_until(session, window_opened_before)
    ):
        reference = run_in_transaction(
            sessions, partial(_close_waiver_window, recovery_id=recovery_id, now=now)
        )
        if reference is not None:
            summary.waiver_windows_closed.append(reference)
    params = settings.policy
    for claim_id in run_in_transaction(
        sessions, lambda session: closable_claims(session, now, params)
    ):
        reference = run_in_transaction(
            sessions, partial(_close, claim_id=claim_id, now=now, params=params)
        )
        if reference is not None:
            summary.closed.append(reference)
    for seller_id in run_in_transaction(
        sessions, lambda session: sellers_to_remind(session, now.date(), params)
    ):
        try:
            topic = run_in_transaction(
                sessions, partial(remind_seller, seller_id=seller_id, now=now, params=params)
            )
        except IntegrityError:  # another sweeper reminded this seller at the same moment
            continue
        if topic is not None:
            summary.insurance_reminders.append({"seller_id": seller_id, "topic": topic})
    return summary


def _silent_sellers(session: Session, now: datetime) -> list[int]:
    """Claims still awaiting a seller whose deadline has come, earliest deadline first."""
    return list(
        session.execute(
            select(Claim.id)
            .where(
                Claim.status == ClaimStatus.AWAITING_SELLER.value,
                Claim.seller_response_due <= now,
            )
            .order_by(Claim.seller_response_due, Claim.id)
        ).scalars()
    )


def _step_in(session: Session, claim_id: int, now: datetime) -> str | None:
    claim = session.get(Claim, claim_id)
    return claim.reference if step_in_for_silence(session, claim, now) else None


def _close(session: Session, claim_id: int, now: datetime, params: PolicyParameters) -> str | None:
    claim = session.get(Claim, claim_id, with_for_update=True)
    return claim.reference if close_if_over(session, claim, now, params, actor=SWEEP) else None


def _due_soon(session: Session, now: datetime) -> list[int]:
    """Claims awaiting a seller whose deadline is within ``REMINDER_AHEAD``, not yet reminded."""
    reminded = select(ClaimEvent.claim_id).where(
        ClaimEvent.type == ClaimEventType.SELLER_REMINDED.value
    )
    return list(
        session.execute(
            select(Claim.id)
            .where(
                Claim.status == ClaimStatus.AWAITING_SELLER.value,
                Claim.seller_response_due > now,
                Claim.seller_response_due <= now + REMINDER_AHEAD,
                Claim.id.not_in(reminded),
            )
            .order_by(Claim.seller_response_due, Claim.id)
        ).scalars()
    )


def _remind(session: Session, claim_id: int, now: datetime) -> str | None:
    """Remind the seller of the claim's deadline, unless another sweeper already has."""
    claim = session.execute(
        select(Claim).where(Claim.id == claim_id).with_for_update()
    ).scalar_one()
    if claim.status != ClaimStatus.AWAITING_SELLER.value or any(
        event.type == ClaimEventType.SELLER_REMINDED.value for event in claim.events
    ):
        return None
    record_event(claim, ClaimEventType.SELLER_REMINDED, now, actor=SWEEP)
    notify_claim_event(session, claim, RESPONSE_DUE_SOON, now)
    return claim.reference


def _waivable_until(session: Session, opened_before: datetime) -> list[int]:
    """Concession reimbursements still awaiting proof whose waiver window has closed."""
    return list(
        session.execute(
            select(Recovery.id)
            .where(
                Recovery.kind == RecoveryKind.CONCESSION_REIMBURSEMENT.value,
                Recovery.status == RecoveryStatus.AWAITING_PROOF.value,
                Recovery.opened_at <= opened_before,
            )
            .order_by(Recovery.opened_at, Recovery.id)
        ).scalars()
    )


def _close_waiver_window(session: Session, recovery_id: int, now: datetime) -> str | None:
    """The seller sent no proof in time: the reimbursement is now sought (one sweeper wins)."""
    moved = session.execute(
        update(Recovery)
        .where(
            Recovery.id == recovery_id,
            Recovery.status == RecoveryStatus.AWAITING_PROOF.value,
        )
        .values(status=RecoveryStatus.OPEN.value)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return None
    recovery = session.get(Recovery, recovery_id)
    claim = recovery.claim
    record_event(
        claim,
        ClaimEventType.WAIVER_WINDOW_CLOSED,
        now,
        actor=SWEEP,
        note=f"no proof of insurance; {format_dollars(recovery.amount)} is due from the seller",
    )
    notify_claim_event(session, claim, "claim.reimbursement_due", now)
    return claim.reference

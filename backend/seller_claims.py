"""The seller's side of a claim: its own claims, and its answer to a claim routed to it.

A seller sees and answers only claims on its own items; another seller's claim answers exactly
like an unknown one (404). A claim awaiting the seller can be answered once, before its
deadline: ``accept`` (the seller pays), ``forward_to_insurer`` (its insurer pays; needs a policy
in force on the incident date) or ``reject`` with a statement, its defence, which opens a
dispute for the marketplace to review (status ``seller_rejected``; admins find these with
``GET /api/admin/claims?status=seller_rejected`` and may step in).

What each answer means (who pays, the order defect rate) is ``backend.policy.seller_response``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claim_view import CLAIM_VIEW_LOADING, seller_claim_view
from backend.claims import claim_by_reference, missing_evidence
from backend.clock import format_timestamp
from backend.commands import RespondToClaim
from backend.decisions import record_decision
from backend.insurance_requirement import policy_in_force
from backend.models import Claim, Payout, SellerResponse
from backend.notifications import notify_claim_event
from backend.policy.lifecycle import ClaimEventType, ClaimStatus
from backend.policy.seller_response import (
    ACCEPT,
    FORWARD,
    REJECT,
    forwarded_to_insurer,
    may_still_respond,
    seller_accepted,
    seller_rejected,
)
from backend.problem import Problem
from backend.refusals import (
    ClaimNotFound,
    InvalidResponse,
    NotAwaitingResponse,
    ResponseDeadlinePassed,
)
from backend.seller_sight import PUT_BEFORE_SELLER, put_before_seller
from backend.timeline import record_event
from backend.transitions import move_claim

# A payout the seller or its insurer makes; the marketplace pays concessions and step-ins.
SELLER_PAYMENT = "seller_payment"


def seller_claims(
    session: Session, seller_id: str, status: ClaimStatus | None = None
) -> list[dict[str, Any]]:
    """The seller's claims (optionally only those in ``status``), oldest first."""
    query = (
        select(Claim)
        .where(Claim.seller_id == seller_id)
        .options(*CLAIM_VIEW_LOADING)
        .order_by(Claim.filed_at, Claim.id)
    )
    if status is not None:
        query = query.where(Claim.status == status.value)
    query = query.where(PUT_BEFORE_SELLER)
    return [seller_claim_view(claim, seller_id) for claim in session.execute(query).scalars()]


def own_claim(session: Session, seller_id: str, reference: str, lock: bool = False) -> Claim:
    """The seller's claim ``reference``; another seller's, and one never put before the seller
    (``backend.seller_sight``), answers 404 like an unknown one."""
    claim = claim_by_reference(session, reference, lock=lock)
    if claim is None or claim.seller_id != seller_id or not put_before_seller(claim):
        raise ClaimNotFound.of(reference)
    return claim


def respond_to_claim(
    session: Session,
    seller_id: str,
    reference: str,
    command: RespondToClaim,
    now: datetime,
    actor: str,
) -> dict[str, Any]:
    """Store the seller's answer ``command`` to a claim awaiting it, by ``actor``
    (the seller, or one of its users: ``backend.recoveries.seller_actor``)."""
    claim = own_claim(session, seller_id, reference)
    if claim.status != ClaimStatus.AWAITING_SELLER.value:
        raise _not_awaiting(claim)
    if not may_still_respond(claim.seller_response_due, now):
        raise ResponseDeadlinePassed.single(
            "response_deadline_passed",
            f"The deadline to respond to claim {reference} passed on "
            f"{format_timestamp(claim.seller_response_due)}; the marketplace steps in.",
            field="reference",
        )
    action, statement, evidence_ids = command.action, command.statement, list(command.evidence_ids)
    problems = missing_evidence(session, evidence_ids)
    if action == REJECT and statement is None:
        problems.append(
            Problem("required", "statement", "A rejection needs a statement: your defence.")
        )
    policy = (
        policy_in_force(session, claim.seller_id, claim.incident_date)
        if action == FORWARD
        else None
    )
    if action == FORWARD and policy is None:
        problems.append(
            Problem(
                "no_insurance_on_file",
                "action",
                f"We have no insurance policy of yours in force on {claim.incident_date}, the "
                "incident date. Upload the policy first, or accept or reject the claim.",
            )
        )
    if problems:
        raise InvalidResponse(problems)

    to = ClaimStatus.SELLER_REJECTED if action == REJECT else ClaimStatus.SELLER_ACCEPTED
    # The sweep may be stepping in right now: only one of us moves the claim.
    if not move_claim(session, claim, [ClaimStatus.AWAITING_SELLER], to):
        session.refresh(claim)
        raise _not_awaiting(claim)
    claim.seller_responses.append(
        SellerResponse(
            seller_id=seller_id,
            action=action,
            statement=statement,
            evidence_ids=evidence_ids,
            responded_at=now,
        )
    )
    if action == ACCEPT:
        _accepted(claim, now, actor)
    elif action == FORWARD:
        _forwarded(claim, now, actor, policy.insurer)
    else:
        _rejected(claim, now, actor, statement)
    # Notifications tell the insurer too when the seller forwarded the claim to it.
    notify_claim_event(session, claim, "claim.seller_responded", now)
    session.flush()
    return seller_claim_view(claim, claim.seller_id)


def _accepted(claim: Claim, now: datetime, actor: str) -> None:
    record_event(claim, ClaimEventType.SELLER_ACCEPTED, now, actor=actor)
    decision = record_decision(claim, now, seller_accepted(claim.claimed_total), decided_by=actor)
    _owed_by(claim, decision.payer, now)


def _forwarded(claim: Claim, now: datetime, actor: str, insurer: str) -> None:
    record_event(claim, ClaimEventType.SELLER_FORWARDED_TO_INSURER, now, actor=actor)
    record_event(claim, ClaimEventType.INSURER_NOTIFIED, now, actor=actor, note=insurer)
    decision = record_decision(
        claim, now, forwarded_to_insurer(claim.claimed_total, insurer), decided_by=actor
    )
    _owed_by(claim, decision.payer, now)


def _owed_by(claim: Claim, payer: str, now: datetime) -> None:
    """The payment the seller (or its insurer) owes the customer; the desk marks it paid."""
    claim.payouts.append(
        Payout(
            kind=SELLER_PAYMENT,
            payer=payer,
            amount=claim.claimed_total,
            reimbursement_sought=False,
            created_at=now,
        )
    )


def _rejected(claim: Claim, now: datetime, actor: str, statement: str) -> None:
    claim.dispute_open = True
    # The defence is in the timeline, where the desk reviewing the dispute reads it.
    record_event(claim, ClaimEventType.SELLER_REJECTED, now, actor=actor, note=statement)
    record_decision(claim, now, seller_rejected(), decided_by=actor)


def _not_awaiting(claim: Claim) -> NotAwaitingResponse:
    return NotAwaitingResponse.single(
        "not_awaiting_response",
        f"Claim {claim.reference} is {claim.status.replace('_', ' ')}; only a claim awaiting "
        "your response can be answered.",
        field="reference",
    )

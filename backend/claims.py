"""Filing a claim and finding claims: validate, screen, decide, and store it all at once.

``submit_claim`` is one unit of work: either the claim is refused and nothing is stored, or the
claim, its decision, its events, its payout and its idempotency key are stored together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claim_view import CLAIM_VIEW_LOADING, claim_as_json
from backend.commands import FileClaim
from backend.decisions import record_decision
from backend.delivery_address import delivery_address_key
from backend.insurance_requirement import insurance_of
from backend.models import (
    Claim,
    ClaimEvidence,
    Evidence,
    IdempotencyKey,
    Order,
    OrderItem,
    Payout,
    Recovery,
)
from backend.money import parse_money
from backend.narratives import NarrativeSignature, narrative_text, signature
from backend.notifications import SUBMISSION_TOPICS, notify_claim_event
from backend.orders import order_for_customer
from backend.policy.decision import PolicyDecision, decide_claim
from backend.policy.filing import admissibility_problems
from backend.policy.insurance import seller_insured_for
from backend.policy.lifecycle import ClaimEventType, ClaimStatus, RecoveryKind, RecoveryStatus
from backend.policy.transitions import check_move
from backend.problem import Problem
from backend.references import new_claim_reference
from backend.refusals import CustomerMismatch, IdempotencyConflict, InvalidClaim, OrderNotFound
from backend.screening import ClaimUnderScreening, Screening, screen_claim
from backend.screening_facts import gather_facts, store_narrative_signature
from backend.settings import Settings
from backend.timeline import SYSTEM, record_event
from claims_contract.claims import CLAIM_REFERENCE

SUBMIT_CLAIM_SCOPE = "submit_claim"


@dataclass(frozen=True)
class FiledClaim:
    """The outcome of a submission: the claim as the API shows it, and whether it was a replay."""

    claim: dict[str, Any]
    replayed: bool


def submit_claim(
    session: Session,
    command: FileClaim,
    idempotency_key: str | None,
    settings: Settings,
    now: datetime,
) -> FiledClaim:
    """File the claim ``command``; refusals raise ``InvalidClaim`` (or ``IdempotencyConflict``)
    and store nothing."""
    if idempotency_key is not None:
        earlier = session.get(IdempotencyKey, (SUBMIT_CLAIM_SCOPE, idempotency_key))
        if earlier is not None:
            return FiledClaim(_replay(session, earlier, command.fingerprint), replayed=True)

    try:
        order = order_for_customer(session, command.order_id, command.customer_email)
    except (OrderNotFound, CustomerMismatch) as refusal:
        # The claim names its order: an unknown order or a wrong email makes the claim invalid.
        raise InvalidClaim(refusal.problems) from None
    losses = command.losses
    item = next((item for item in order.items if item.sku == command.sku), None)
    problems = admissibility_problems(
        command.incident_date, order.delivered_at, losses, now, settings.policy
    )
    if item is None:
        problems.append(
            Problem(
                "item_not_in_order",
                "sku",
                f"Order {order.id} has no item {command.sku}. "
                "Please choose one of the items on the order.",
            )
        )
    files = uploaded_files(session, list(command.evidence_ids))
    problems += _not_uploaded(list(command.evidence_ids), files)
    if problems:
        raise InvalidClaim(problems)

    narrative = signature(_narrative(command))
    address_key = delivery_address_key(order.delivery_address)
    screening = screen_claim(
        claim_under_screening(session, command, order, item, narrative, address_key, settings, now)
    )
    decision = decide_claim(
        total=losses.total,
        screening=screening,
        seller_insured=seller_insured_for(
            insurance_of(session, item.seller_id), command.incident_date, settings.policy
        ),
        now=now,
        params=settings.policy,
        uncovered=losses.uncovered,
    )
    claim = _record_claim(command, order, item, screening, decision, now, files)
    claim.delivery_address_key = address_key
    session.add(claim)
    if idempotency_key is not None:
        session.add(
            IdempotencyKey(
                scope=SUBMIT_CLAIM_SCOPE,
                key=idempotency_key,
                request_sha256=command.fingerprint,
                resource_id=claim.reference,
                created_at=now,
            )
        )
    # Constraint violations (a racing twin request, a reference collision) surface here, inside
    # the unit of work, so the caller can retry it whole.
    session.flush()
    store_narrative_signature(session, claim.id, narrative)
    notify_claim_event(session, claim, SUBMISSION_TOPICS[claim.status], now)
    session.flush()
    return FiledClaim(claim_as_json(claim), replayed=False)


def uncovered_total(claim: Claim) -> Decimal:
    """What the claim lists for losses the policy does not cover (never part of its total)."""
    return sum((parse_money(loss["amount"]) for loss in claim.other_losses or ()), Decimal("0.00"))


def _narrative(command: FileClaim) -> str:
    """The customer's account of what happened, as screening compares it with other claims."""
    damage, injury = command.property_damage, command.injury
    return narrative_text(
        command.defect_description,
        damage.description if damage else None,
        injury.description if injury else None,
    )


def claim_under_screening(
    session: Session,
    command: FileClaim,
    order: Order,
    item: OrderItem,
    narrative: NarrativeSignature,
    address_key: str | None,
    settings: Settings,
    now: datetime,
) -> ClaimUnderScreening:
    """The claim with everything the screening rules look at (``backend.screening_facts``)."""
    losses = command.losses
    amounts = (losses.property_damage, losses.medical_costs, losses.lost_earnings)
    facts = gather_facts(
        session,
        order_id=order.id,
        sku=item.sku,
        customer_id=order.customer_id,
        address_key=address_key,
        evidence_ids=list(command.evidence_ids),
        narrative=narrative,
        now=now,
    )
    return ClaimUnderScreening(
        order_id=order.id,
        sku=item.sku,
        customer_id=order.customer_id,
        seller_id=item.seller_id,
        incident_date=command.incident_date,
        claimed_total=losses.total,
        filed_at=now,
        filing_window_days=settings.filing_window_days,
        delivered_at=order.delivered_at,
        item_price=item.price,
        claimed_amounts=tuple(amount for amount in amounts if amount),
        uncovered_total=losses.uncovered,
        **vars(facts),  # every ScreeningFacts field is one of ClaimUnderScreening's
    )


def _record_claim(
    command: FileClaim,
    order: Order,
    item: OrderItem,
    screening: Screening,
    decision: PolicyDecision,
    now: datetime,
    files: dict[str, Evidence],
) -> Claim:
    """The claim with its decision, timeline, payout and evidence (``files``, loaded already),
    ready to be stored."""
    damage, injury, losses = command.property_damage, command.injury, command.losses
    claim = Claim(
        reference=new_claim_reference(),
        order_id=order.id,
        sku=item.sku,
        seller_id=item.seller_id,
        customer_id=order.customer_id,
        customer_email=command.customer_email,
        incident_date=command.incident_date,
        defect_description=command.defect_description,
        property_damage_description=damage.description if damage else None,
        property_damage_amount=losses.property_damage,
        injury_description=injury.description if injury else None,
        injury_treatment=injury.treatment if injury else None,
        medical_costs=losses.medical_costs,
        lost_earnings=losses.lost_earnings,
        claimed_total=losses.total,
        channel=command.channel,
        conversation_id=command.conversation_id,
        filed_at=now,
        other_losses=[loss.as_json() for loss in command.other_losses] or None,
        # A new claim has none of these: known empty, they are not read back after the flush.
        payouts=[],
        recoveries=[],
        seller_responses=[],
        appeals=[],
    )
    record_event(claim, ClaimEventType.SUBMITTED, now)
    apply_decision(claim, decision, [finding.as_json() for finding in screening.findings], now)
    for evidence_id in dict.fromkeys(command.evidence_ids):  # each file attached once
        claim.attachments.append(ClaimEvidence(evidence=files[evidence_id], attached_at=now))
    return claim


def apply_decision(
    claim: Claim,
    decision: PolicyDecision,
    findings: list[dict[str, Any]],
    now: datetime,
    decided_by: str = SYSTEM,
    note: str | None = None,
) -> None:
    """Make ``decision`` the claim's standing decision: status, deadline, events and any payout.

    Used when a claim is filed and when a fraud expert clears it (``decided_by`` "admin").
    """
    check_move(ClaimStatus(claim.status) if claim.status else None, decision.status)
    claim.status = decision.status.value
    claim.seller_response_due = decision.seller_response_due
    record_decision(
        claim,
        now,
        decision.ruling,
        decided_by=decided_by,
        note=note,
        fraud_score=decision.fraud_score,
        findings=findings,
    )
    for event_type in decision.events:
        record_event(claim, event_type, now, actor=decided_by)
    if decision.concession is not None:
        claim.payouts.append(
            Payout(
                kind="concession",
                payer=decision.payer.value,
                amount=decision.concession,
                reimbursement_sought=decision.reimbursement_sought,
                created_at=now,
            )
        )
        if decision.reimbursement_sought:
            # Sought after the seller's waiver window (backend/recoveries.py), unless waived.
            claim.recoveries.append(
                Recovery(
                    seller_id=claim.seller_id,
                    kind=RecoveryKind.CONCESSION_REIMBURSEMENT.value,
                    amount=decision.concession,
                    status=RecoveryStatus.AWAITING_PROOF.value,
                    opened_at=now,
                )
            )


def _replay(session: Session, earlier: IdempotencyKey, fingerprint: str) -> dict[str, Any]:
    """The claim an earlier request with the same key created, if the request is the same."""
    if earlier.request_sha256 != fingerprint:
        raise IdempotencyConflict.single(
            "idempotency_conflict",
            "This Idempotency-Key was already used for a different claim.",
            field="Idempotency-Key",
        )
    return claim_as_json(claim_by_reference(session, earlier.resource_id))


def uploaded_files(session: Session, evidence_ids: list[str]) -> dict[str, Evidence]:
    """The uploaded files among ``evidence_ids``, by id."""
    if not evidence_ids:
        return {}
    found = session.execute(select(Evidence).where(Evidence.id.in_(evidence_ids))).scalars()
    return {evidence.id: evidence for evidence in found}


def missing_evidence(session: Session, evidence_ids: list[str]) -> list[Problem]:
    """An ``evidence_not_found`` problem for every id that names no uploaded file."""
    return _not_uploaded(evidence_ids, uploaded_files(session, evidence_ids))


def _not_uploaded(evidence_ids: list[str], files: dict[str, Evidence]) -> list[Problem]:
    return [
        Problem(
            "evidence_not_found",
            f"evidence_ids[{index}]",
            f"We have no uploaded file {evidence_id}. Please upload it again.",
        )
        for index, evidence_id in enumerate(evidence_ids)
        if evidence_id not in files
    ]


def claim_by_reference(session: Session, reference: str, lock: bool = False) -> Claim | None:
    """The claim with this reference, loaded for ``claim_as_json``; ``lock``: for changing it.

    Locking (``SELECT ... FOR UPDATE`` on PostgreSQL) makes concurrent changes of one claim (a
    review, a withdrawal, the sweep) take turns, each seeing the other's result.
    """
    if not CLAIM_REFERENCE.match(reference):
        return None
    query = select(Claim).where(Claim.reference == reference).options(*CLAIM_VIEW_LOADING)
    return session.execute(query.with_for_update() if lock else query).scalar_one_or_none()

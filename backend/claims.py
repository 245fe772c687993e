"""Filing a claim and finding claims: validate, screen, decide, and store it all at once.

``submit_claim`` is one unit of work: either the claim is refused and nothing is stored, or the
claim, its decision, its events, its payout and its idempotency key are stored together.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.auth import same_email
from backend.claim_view import CLAIM_VIEW_LOADING, claim_as_json
from backend.clock import parse_date
from backend.errors import ApiError, Problem
from backend.lifecycle import FINISHED_STATUSES, ClaimEventType, ClaimStatus
from backend.models import (
    Claim,
    ClaimEvidence,
    Decision,
    Evidence,
    IdempotencyKey,
    InsurancePolicy,
    Order,
    OrderItem,
    Payout,
)
from backend.money import parse_money
from backend.orders import order_for_customer
from backend.policy import (
    InsuranceCover,
    Losses,
    PolicyDecision,
    admissibility_problems,
    decide_claim,
    seller_insured_for,
)
from backend.references import new_claim_reference
from backend.screening import ClaimUnderScreening, Screening, screen_claim
from backend.settings import Settings
from backend.timeline import record_event

SUBMIT_CLAIM_SCOPE = "submit_claim"
CLAIM_REFERENCE = re.compile(r"^CLM-[A-Z0-9]{4,12}$")


@dataclass(frozen=True)
class FiledClaim:
    """The outcome of a submission: the claim as the API shows it, and whether it was a replay."""

    claim: dict[str, Any]
    replayed: bool


def request_fingerprint(body: Any) -> str:
    """A digest of a JSON body that ignores key order and spacing."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def submit_claim(
    session: Session,
    body: dict[str, Any],
    idempotency_key: str | None,
    settings: Settings,
    now: datetime,
) -> FiledClaim:
    """File the schema-valid claim ``body``; refusals raise ``ApiError`` and store nothing."""
    fingerprint = request_fingerprint(body)
    if idempotency_key is not None:
        earlier = session.get(IdempotencyKey, (SUBMIT_CLAIM_SCOPE, idempotency_key))
        if earlier is not None:
            return FiledClaim(_replay(session, earlier, fingerprint), replayed=True)

    order = order_for_customer(
        session, body["order_id"], body["customer_email"], not_found_status=422, mismatch_status=422
    )
    incident_date = parse_date(body["incident_date"])
    losses = _losses(body)
    item = next((item for item in order.items if item.sku == body["sku"]), None)
    problems = admissibility_problems(incident_date, order.delivered_at, losses, now)
    if item is None:
        problems.append(
            Problem(
                "item_not_in_order",
                "sku",
                f"Order {order.id} has no item {body['sku']}. "
                "Please choose one of the items on the order.",
            )
        )
    problems += _missing_evidence(session, body.get("evidence_ids", []))
    if problems:
        raise ApiError(422, problems)

    screening = screen_claim(
        ClaimUnderScreening(
            order_id=order.id,
            sku=item.sku,
            customer_id=order.customer_id,
            seller_id=item.seller_id,
            incident_date=incident_date,
            claimed_total=losses.total,
            filed_at=now,
            filing_window_days=settings.filing_window_days,
            standing_claims_on_item=_standing_claims(session, order.id, item.sku),
        )
    )
    decision = decide_claim(
        total=losses.total,
        screening=screening,
        seller_insured=seller_insured_for(_insurance_of(session, item.seller_id), incident_date),
        now=now,
        seller_response_days=settings.seller_response_days,
    )
    claim = _record_claim(body, order, item, losses, screening, decision, now)
    session.add(claim)
    if idempotency_key is not None:
        session.add(
            IdempotencyKey(
                scope=SUBMIT_CLAIM_SCOPE,
                key=idempotency_key,
                request_sha256=fingerprint,
                resource_id=claim.reference,
                created_at=now,
            )
        )
    # Constraint violations (a racing twin request, a reference collision) surface here, inside
    # the unit of work, so the caller can retry it whole.
    session.flush()
    return FiledClaim(claim_as_json(claim), replayed=False)


def _losses(body: dict[str, Any]) -> Losses:
    damage, injury = body.get("property_damage"), body.get("injury")
    return Losses(
        property_damage=parse_money(damage["amount"]) if damage else None,
        medical_costs=parse_money(injury["medical_costs"]) if injury else None,
        lost_earnings=parse_money(injury["lost_earnings"]) if injury else None,
    )


def _standing_claims(session: Session, order_id: str, sku: str) -> tuple[str, ...]:
    """References of the claims on this order and item that still stand."""
    return tuple(
        session.execute(
            select(Claim.reference)
            .where(
                Claim.order_id == order_id,
                Claim.sku == sku,
                Claim.status.notin_([status.value for status in FINISHED_STATUSES]),
            )
            .order_by(Claim.id)
        ).scalars()
    )


def _insurance_of(session: Session, seller_id: str) -> list[InsuranceCover]:
    """Every policy the seller has had on file."""
    return [
        InsuranceCover(
            per_occurrence_limit=policy.per_occurrence_limit,
            additional_insured=policy.additional_insured,
            valid_from=policy.valid_from,
            valid_to=policy.valid_to,
        )
        for policy in session.execute(
            select(InsurancePolicy).where(InsurancePolicy.seller_id == seller_id)
        ).scalars()
    ]


def _record_claim(
    body: dict[str, Any],
    order: Order,
    item: OrderItem,
    losses: Losses,
    screening: Screening,
    decision: PolicyDecision,
    now: datetime,
) -> Claim:
    """The claim with its decision, timeline, payout and evidence, ready to be stored."""
    damage, injury = body.get("property_damage"), body.get("injury")
    claim = Claim(
        reference=new_claim_reference(),
        status=decision.status.value,
        order_id=order.id,
        sku=item.sku,
        seller_id=item.seller_id,
        customer_id=order.customer_id,
        customer_email=body["customer_email"].strip(),
        incident_date=parse_date(body["incident_date"]),
        defect_description=body["defect_description"],
        property_damage_description=damage["description"] if damage else None,
        property_damage_amount=losses.property_damage,
        injury_description=injury["description"] if injury else None,
        injury_treatment=injury["treatment"] if injury else None,
        medical_costs=losses.medical_costs,
        lost_earnings=losses.lost_earnings,
        claimed_total=losses.total,
        channel=body.get("channel") or "rest",
        conversation_id=body.get("conversation_id"),
        filed_at=now,
        seller_response_due=decision.seller_response_due,
    )
    claim.decisions.append(
        Decision(
            decided_at=now,
            outcome=decision.outcome.value,
            payer=decision.payer.value if decision.payer else None,
            reimbursement_sought=decision.reimbursement_sought,
            odr_impact=decision.odr_impact,
            fraud_score=decision.fraud_score,
            reasons=list(decision.reasons),
            findings=[finding.as_json() for finding in screening.findings],
            explanation=decision.explanation,
        )
    )
    for event_type in (ClaimEventType.SUBMITTED, *decision.events):
        record_event(claim, event_type, now)
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
    for evidence_id in dict.fromkeys(body.get("evidence_ids", [])):  # each file attached once
        claim.attachments.append(ClaimEvidence(evidence_id=evidence_id, attached_at=now))
    return claim


def _replay(session: Session, earlier: IdempotencyKey, fingerprint: str) -> dict[str, Any]:
    """The claim an earlier request with the same key created, if the request is the same."""
    if earlier.request_sha256 != fingerprint:
        raise ApiError.single(
            409,
            "idempotency_conflict",
            "This Idempotency-Key was already used for a different claim.",
            field="Idempotency-Key",
        )
    return claim_as_json(_claim_by_reference(session, earlier.resource_id))


def _missing_evidence(session: Session, evidence_ids: list[str]) -> list[Problem]:
    if not evidence_ids:
        return []
    known = set(session.execute(select(Evidence.id).where(Evidence.id.in_(evidence_ids))).scalars())
    return [
        Problem(
            "evidence_not_found",
            f"evidence_ids[{index}]",
            f"We have no uploaded file {evidence_id}. Please upload it again.",
        )
        for index, evidence_id in enumerate(evidence_ids)
        if evidence_id not in known
    ]


def _claim_by_reference(session: Session, reference: str) -> Claim | None:
    return session.execute(
        select(Claim).where(Claim.reference == reference).options(*CLAIM_VIEW_LOADING)
    ).scalar_one_or_none()


def claim_for_caller(
    session: Session, reference: str, customer_email: str | None
) -> dict[str, Any]:
    """The claim, if it exists and (when an email is given as proof) is that customer's.

    A wrong email answers exactly like an unknown reference, so nobody learns which exist.
    """
    claim = _claim_by_reference(session, reference) if CLAIM_REFERENCE.match(reference) else None
    if claim is None or (
        customer_email is not None and not same_email(customer_email, claim.customer_email)
    ):
        raise ApiError.single(
            404, "claim_not_found", f"We could not find claim {reference}.", field="reference"
        )
    return claim_as_json(claim)


def find_claims(
    session: Session,
    order_id: str | None = None,
    conversation_id: str | None = None,
    status: ClaimStatus | None = None,
) -> list[dict[str, Any]]:
    """Claims matching every filter given, oldest first."""
    query = select(Claim).options(*CLAIM_VIEW_LOADING).order_by(Claim.filed_at, Claim.id)
    if order_id is not None:
        query = query.where(Claim.order_id == order_id)
    if conversation_id is not None:
        query = query.where(Claim.conversation_id == conversation_id)
    if status is not None:
        query = query.where(Claim.status == status.value)
    return [claim_as_json(claim) for claim in session.execute(query).scalars()]

"""A claim as the API shows it (``GET /api/claims/{reference}`` and everywhere else)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from backend.clock import format_timestamp
from backend.models import Claim, ClaimEvidence
from backend.money import format_money

# Everything ``claim_as_json`` reads, loaded in a few queries rather than one per claim.
CLAIM_VIEW_LOADING: tuple[LoaderOption, ...] = (
    selectinload(Claim.events),
    selectinload(Claim.decisions),
    selectinload(Claim.attachments).selectinload(ClaimEvidence.evidence),
    selectinload(Claim.seller_responses),
    selectinload(Claim.appeals),
)


# The reasons a customer or a seller may read: the policy's own (why a claim is paid, routed,
# denied or reviewed). Screening signals (``evidence_reused``, ``round_amounts``, ...) and the
# fraud score stay with the desk: whoever sees them learns the rules and writes around them.
PUBLIC_REASONS = frozenset(
    {
        "valid",
        "under_concession_limit",
        "at_or_over_concession_limit",
        "uncovered_losses_excluded",
        "late_filing",
        "duplicate",
        "not_covered",
        "abusive",
        "unsubstantiated",
        "referred_for_review",
        "cleared_by_review",
        "seller_accepted",
        "forwarded_to_insurer",
        "seller_rejected",
        "seller_deadline_missed",
        "marketplace_stepped_in",
        "reimbursement_waived",
        "appeal_granted",
        "seller_defence_upheld",
    }
)
# How the customer can be reached: never shown to a seller.
CUSTOMER_CONTACT = ("channel", "conversation_id")


# The customer's side of a claim: the customer with the email proof, and the assistant's service.
CUSTOMER_SIDE = frozenset({"customer", "service"})


def seller_actor(seller_id: str, username: str | None = None) -> str:
    """How a seller appears in a claim's timeline: ``seller:<id>`` (its API key, or the seller
    itself), ``seller:<id>:<username>`` (one of its users)."""
    return f"seller:{seller_id}" if username is None else f"seller:{seller_id}:{username}"


@dataclass(frozen=True)
class SellerSide:
    """Whose notes a seller reads: its own, written as ``seller:<id>`` (its API key) or
    ``seller:<id>:<username>`` (each of its users)."""

    seller_id: str

    def __contains__(self, actor: object) -> bool:
        own = seller_actor(self.seller_id)
        return isinstance(actor, str) and (actor == own or actor.startswith(own + ":"))


def claim_as_json(claim: Claim, notes_by: Container[str] | None = None) -> dict[str, Any]:
    """The public shape of a claim: the contract's fields, plus what was claimed and where.

    Event notes are the desk's working record (a fraud expert's reasoning, a seller's defence):
    the desk (``notes_by=None``) reads them all, anyone else only those written by ``notes_by``.
    """
    decision = claim.decision
    return {
        "reference": claim.reference,
        "status": claim.status,
        "order_id": claim.order_id,
        "sku": claim.sku,
        "seller_id": claim.seller_id,
        "claimed_total": format_money(claim.claimed_total),
        "incident_date": claim.incident_date.isoformat(),
        "defect_description": claim.defect_description,
        "property_damage": (
            {
                "description": claim.property_damage_description,
                "amount": format_money(claim.property_damage_amount),
            }
            if claim.property_damage_amount is not None
            else None
        ),
        "injury": (
            {
                "description": claim.injury_description,
                "treatment": claim.injury_treatment,
                "medical_costs": format_money(claim.medical_costs),
                "lost_earnings": format_money(claim.lost_earnings),
            }
            if claim.injury_treatment is not None
            else None
        ),
        "other_losses": claim.other_losses or [],
        "decision": {
            "outcome": decision.outcome,
            "payer": decision.payer,
            "reimbursement_sought": decision.reimbursement_sought,
            "odr_impact": decision.odr_impact,
            "fraud_score": decision.fraud_score,
            "reasons": list(decision.reasons),
            "explanation": decision.explanation,
        },
        "seller_response_due": (
            format_timestamp(claim.seller_response_due) if claim.seller_response_due else None
        ),
        "evidence": [
            {
                "id": attachment.evidence.id,
                "sha256": attachment.evidence.sha256,
                "content_type": attachment.evidence.content_type,
                "size": attachment.evidence.size,
            }
            for attachment in claim.attachments
        ],
        "events": [
            {
                "at": format_timestamp(event.at),
                "type": event.type,
                "actor": event.actor,
                "note": event.note if notes_by is None or event.actor in notes_by else None,
            }
            for event in claim.events
        ],
        **_sellers_case(claim, notes_by),
        "channel": claim.channel,
        "conversation_id": claim.conversation_id,
        "created_at": format_timestamp(claim.filed_at),
    }


def _sellers_case(claim: Claim, notes_by: Container[str] | None) -> dict[str, Any]:
    """The seller's answers and appeals with its files: for the desk and the seller only (the
    customer reads the outcome, not the seller's defence)."""
    if notes_by is not None and seller_actor(claim.seller_id) not in notes_by:
        return {"seller_responses": [], "appeals": []}
    return {
        "seller_responses": [
            {
                "action": response.action,
                "statement": response.statement,
                "evidence_ids": list(response.evidence_ids),
                "responded_at": format_timestamp(response.responded_at),
            }
            for response in claim.seller_responses
        ],
        "appeals": [
            {
                "statement": appeal.statement,
                "evidence_ids": list(appeal.evidence_ids),
                "filed_at": format_timestamp(appeal.filed_at),
                "status": appeal.status,
            }
            for appeal in claim.appeals
        ],
    }


def public_claim(claim: Claim, notes_by: Container[str]) -> dict[str, Any]:
    """The claim as its customer reads it: no fraud score, no screening rule codes."""
    view = claim_as_json(claim, notes_by)
    decision = view["decision"]
    decision["fraud_score"] = None
    decision["reasons"] = [reason for reason in decision["reasons"] if reason in PUBLIC_REASONS]
    return view


def seller_claim_view(claim: Claim, seller_id: str) -> dict[str, Any]:
    """The claim as its seller reads it: the public view without the customer's contact data."""
    view = public_claim(claim, SellerSide(seller_id))
    return {**view, **dict.fromkeys(CUSTOMER_CONTACT)}

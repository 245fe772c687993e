"""The review queue: claims that screening found suspicious, decided by independent fraud experts.

An expert clears a claim (the policy then decides it as if screening had found nothing
suspicious: a concession under $1,000, else the seller with a deadline counted from the review)
or denies it as abusive or as unsubstantiated. Each review is a new decision by the expert (their
username; "admin" for the admin token) with the expert's note; the screening's findings and fraud score stay on it for the record.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claim_to_decide import claim_to_decide
from backend.claim_view import CLAIM_VIEW_LOADING, claim_as_json
from backend.claims import apply_decision, uncovered_total
from backend.insurance_requirement import insurance_of
from backend.models import Claim
from backend.notifications import notify_claim_event
from backend.policy.decision import PolicyDecision, cleared_by_review, decide_claim
from backend.policy.insurance import seller_insured_for
from backend.policy.lifecycle import ClaimEventType, ClaimStatus
from backend.policy.messages import for_customer
from backend.refusals import NotUnderReview
from backend.screening import Finding, Screening
from backend.settings import Settings
from backend.timeline import record_event


class ReviewDecision(str, Enum):
    """What a fraud expert may decide about a claim in the review queue."""

    CLEAR = "clear"
    DENY_ABUSIVE = "deny_abusive"
    DENY_UNSUBSTANTIATED = "deny_unsubstantiated"


# An expert's denial, as a finding that denies the claim: its reason code and, for the customer,
# what the experts concluded (the policy puts "We cannot accept this claim." before it). Its
# weight is nil: the verdict is not a fraud signal, and the screening's score is kept.
_DENIALS = {
    ReviewDecision.DENY_ABUSIVE: Finding(
        code="abusive",
        weight=0.0,
        denies=True,
        explanation=for_customer("abusive"),
    ),
    ReviewDecision.DENY_UNSUBSTANTIATED: Finding(
        code="unsubstantiated",
        weight=0.0,
        denies=True,
        explanation=for_customer("unsubstantiated"),
    ),
}


def review_queue(session: Session) -> list[dict[str, Any]]:
    """The claims waiting for a fraud expert, oldest first, with what screening found."""
    claims = session.execute(
        select(Claim)
        .where(Claim.status == ClaimStatus.UNDER_REVIEW.value)
        .options(*CLAIM_VIEW_LOADING)
        .order_by(Claim.filed_at, Claim.id)
    ).scalars()
    return [{**claim_as_json(claim), "screening": _screening_of(claim)} for claim in claims]


def review_claim(
    session: Session,
    reference: str,
    decision: ReviewDecision,
    note: str,
    settings: Settings,
    now: datetime,
    reviewer: str,
    expected_status: str | None = None,
) -> dict[str, Any]:
    """Apply a fraud expert's decision to a claim under review (404 unknown, 409 not in review
    or no longer ``expected_status``); the event and the decision name ``reviewer``, the person
    (or "admin" for the token)."""
    claim = claim_to_decide(session, reference, expected_status)
    if claim.status != ClaimStatus.UNDER_REVIEW.value:
        raise NotUnderReview.single(
            "not_under_review",
            f"Claim {reference} is {claim.status.replace('_', ' ')}, not under review.",
            field="reference",
        )
    screened = claim.decision
    outcome = _decided_after_review(session, claim, decision, settings, now)
    record_event(claim, ClaimEventType.REVIEWED, now, actor=reviewer, note=note)
    apply_decision(
        claim,
        replace(outcome, fraud_score=screened.fraud_score),
        list(screened.findings),
        now,
        decided_by=reviewer,
        note=note,
    )
    notify_claim_event(session, claim, "claim.reviewed", now)
    session.flush()
    return claim_as_json(claim)


def _decided_after_review(
    session: Session, claim: Claim, decision: ReviewDecision, settings: Settings, now: datetime
) -> PolicyDecision:
    """The policy's decision with the expert's verdict in place of screening's suspicions.

    Cleared, the claim is decided as if screening had found nothing; denied, it is denied for
    the expert's reason.
    """
    denial = _DENIALS.get(decision)
    decided = decide_claim(
        total=claim.claimed_total,
        screening=Screening(findings=(denial,) if denial else ()),
        seller_insured=seller_insured_for(
            insurance_of(session, claim.seller_id), claim.incident_date, settings.policy
        ),
        now=now,
        params=settings.policy,
        uncovered=uncovered_total(claim),
    )
    return decided if denial else cleared_by_review(decided)


def _screening_of(claim: Claim) -> dict[str, Any]:
    """What screening found, as an expert reads it: the fraud score and each rule's finding."""
    decision = claim.decision
    return {"fraud_score": decision.fraud_score, "findings": list(decision.findings)}

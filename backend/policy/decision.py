"""The decision on a filed, screened claim: denied, sent to the fraud experts, paid at once as a
concession (under the concession limit), or routed to the seller with a response deadline."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from backend.policy.lifecycle import ClaimEventType, ClaimStatus, Outcome, Payer
from backend.policy.messages import for_customer
from backend.policy.parameters import PolicyParameters
from backend.policy.ruling import Ruling
from backend.screening import Screening


@dataclass(frozen=True)
class PolicyDecision:
    """What happens to an admissible claim, and why, in words the customer can read."""

    status: ClaimStatus
    outcome: Outcome
    payer: Payer | None
    reimbursement_sought: bool
    odr_impact: bool
    fraud_score: float
    reasons: tuple[str, ...]
    explanation: str
    seller_response_due: datetime | None
    concession: Decimal | None  # what the marketplace pays now, if anything
    events: tuple[ClaimEventType, ...]  # what happened, in order, besides ``submitted``

    @property
    def ruling(self) -> Ruling:
        """Who pays and why, as a decision on the claim records it."""
        return Ruling(
            outcome=self.outcome,
            payer=self.payer,
            reimbursement_sought=self.reimbursement_sought,
            odr_impact=self.odr_impact,
            reasons=self.reasons,
            explanation=self.explanation,
        )


def decide_claim(
    total: Decimal,
    screening: Screening,
    seller_insured: bool,
    now: datetime,
    params: PolicyParameters,
    uncovered: Decimal = Decimal("0.00"),
) -> PolicyDecision:
    """Apply the policy to an admissible, screened claim.

    Policy denials come first; then a fraud score at or over the review threshold sends the claim
    to the fraud experts; otherwise the amount decides. ``uncovered``: the amounts listed for
    losses the policy does not cover, left out of ``total`` (the customer is told so).

    No score denies a claim as abusive by itself: every signal has innocent explanations, so
    only an expert, after review, denies for abuse (``backend.review``).
    """
    decision = _decide(total, screening, seller_insured, now, params)
    if uncovered <= 0 or decision.status is ClaimStatus.DENIED:
        return decision
    return replace(
        decision,
        reasons=(*decision.reasons, "uncovered_losses_excluded"),
        explanation=(
            f"{decision.explanation} "
            + for_customer("uncovered_losses_excluded", uncovered=uncovered)
        ),
    )


def _decide(
    total: Decimal,
    screening: Screening,
    seller_insured: bool,
    now: datetime,
    params: PolicyParameters,
) -> PolicyDecision:
    if screening.denials:
        return PolicyDecision(
            status=ClaimStatus.DENIED,
            outcome=Outcome.DENIED,
            payer=None,
            reimbursement_sought=False,
            odr_impact=False,
            fraud_score=screening.fraud_score,
            reasons=tuple(finding.code for finding in screening.denials),
            explanation=for_customer(
                "denied", why=" ".join(finding.explanation for finding in screening.denials)
            ),
            seller_response_due=None,
            concession=None,
            events=(ClaimEventType.DENIED,),
        )
    if screening.fraud_score >= params.review_threshold:
        # Nothing is paid or routed until an expert has looked; the customer hears when, and
        # nothing about suspicion: a signal is not proof.
        return PolicyDecision(
            status=ClaimStatus.UNDER_REVIEW,
            outcome=Outcome.UNDER_REVIEW,
            payer=None,
            reimbursement_sought=False,
            odr_impact=False,
            fraud_score=screening.fraud_score,
            reasons=("referred_for_review", *(finding.code for finding in screening.signals)),
            explanation=for_customer("referred_for_review", review_days=params.review_days),
            seller_response_due=None,
            concession=None,
            events=(ClaimEventType.REFERRED_FOR_REVIEW,),
        )
    if total < params.concession_limit:
        # The marketplace pays; it seeks the money back only from a seller without valid cover.
        # A concession never counts against the seller's order defect rate.
        return PolicyDecision(
            status=ClaimStatus.CONCESSION_PAID,
            outcome=Outcome.CONCESSION,
            payer=Payer.MARKETPLACE,
            reimbursement_sought=not seller_insured,
            odr_impact=False,
            fraud_score=screening.fraud_score,
            reasons=("valid", "under_concession_limit"),
            explanation=for_customer(
                "under_concession_limit", limit=params.concession_limit, total=total
            ),
            seller_response_due=None,
            concession=total,
            events=(ClaimEventType.CONCESSION_PAID, ClaimEventType.SELLER_NOTIFIED),
        )
    # The seller has the calendar days the policy gives to accept or reject (with a defence);
    # nothing is paid yet, so nothing counts against anyone's defect rate yet.
    due = now + timedelta(days=params.seller_response_days)
    notified = (ClaimEventType.SELLER_NOTIFIED,)
    if seller_insured:
        notified += (ClaimEventType.INSURER_NOTIFIED,)
    return PolicyDecision(
        status=ClaimStatus.AWAITING_SELLER,
        outcome=Outcome.ROUTED_TO_SELLER,
        payer=Payer.SELLER,
        reimbursement_sought=False,
        odr_impact=False,
        fraud_score=screening.fraud_score,
        reasons=("valid", "at_or_over_concession_limit"),
        explanation=for_customer(
            "at_or_over_concession_limit",
            limit=params.concession_limit,
            insured=seller_insured,
            due=due,
        ),
        seller_response_due=due,
        concession=None,
        events=notified,
    )


def cleared_by_review(decision: PolicyDecision) -> PolicyDecision:
    """The decision on a claim a fraud expert cleared: as if screening had found nothing."""
    return replace(
        decision,
        reasons=("cleared_by_review", *decision.reasons),
        explanation=for_customer("cleared_by_review") + decision.explanation,
    )

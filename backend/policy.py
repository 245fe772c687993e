"""The marketplace's published claims policy, as code: pure functions, data in, decision out.

Every rule a claims lawyer would check appears here once, by name. Nothing in this module reads
the clock or the database: the caller passes "now" and the facts in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from backend.errors import Problem
from backend.lifecycle import ClaimEventType, ClaimStatus, Outcome, Payer
from backend.money import format_dollars
from backend.screening import Screening

# Valid claims strictly under this amount are paid by the marketplace at once, as a concession.
CONCESSION_LIMIT = Decimal("1000.00")
# No claim may ask for more than this.
CLAIM_CAP = Decimal("1000000.00")
# Only economic losses are covered; pain and suffering, punitive and other damages are not.
COVERED_LOSSES = ("property_damage", "medical_costs", "lost_earnings")
# What a customer may list under ``other_losses``: recorded, never part of the claimed total.
UNCOVERED_LOSSES = ("pain_and_suffering", "punitive", "emotional_distress", "other_non_economic")
# A fraud score at or over this sends the claim to the fraud experts before anything is paid ...
REVIEW_THRESHOLD = 0.5
# ... who review it within this many days.
REVIEW_DAYS = 5
# Valid seller insurance: product liability cover of at least this much per occurrence ...
REQUIRED_PER_OCCURRENCE_LIMIT = Decimal("1000000.00")
# ... naming the marketplace as additional insured (see ``InsuranceCover``).

# Customers give calendar dates in their own time zone, which may be up to 12 hours behind or
# 14 hours ahead of UTC; date checks give them the benefit of that doubt.
_BEHIND_UTC = timedelta(hours=12)
_AHEAD_OF_UTC = timedelta(hours=14)


@dataclass(frozen=True)
class Losses:
    """What the customer claims, by covered kind of loss (``None``: not claimed)."""

    property_damage: Decimal | None
    medical_costs: Decimal | None
    lost_earnings: Decimal | None
    # The sum of the ``other_losses`` listed, which the policy does not cover.
    uncovered: Decimal = Decimal("0.00")

    @property
    def total(self) -> Decimal:
        """The claimed total: the sum of the covered losses."""
        return sum(
            (getattr(self, kind) or Decimal("0.00") for kind in COVERED_LOSSES), Decimal("0.00")
        )


@dataclass(frozen=True)
class InsuranceCover:
    """A seller's product liability policy, as far as the policy cares."""

    per_occurrence_limit: Decimal
    additional_insured: bool
    valid_from: date
    valid_to: date

    def in_force_on(self, day: date) -> bool:
        """In force from ``valid_from`` up to, not including, ``valid_to`` (the renewal day)."""
        return self.valid_from <= day < self.valid_to

    def is_valid_for(self, incident_date: date) -> bool:
        """Valid insurance for an incident: in force that day, enough cover, marketplace named."""
        return (
            self.in_force_on(incident_date)
            and self.per_occurrence_limit >= REQUIRED_PER_OCCURRENCE_LIMIT
            and self.additional_insured
        )


def seller_insured_for(covers: list[InsuranceCover], incident_date: date) -> bool:
    """Whether the seller held valid insurance on the day of the incident."""
    return any(cover.is_valid_for(incident_date) for cover in covers)


def incident_date_problems(
    incident_date: date, delivered_at: datetime | None, now: datetime
) -> list[Problem]:
    """Why an incident date cannot be the date of a claim: before delivery, or ahead of every
    time zone's today. The assistant asks this too (``GET /api/orders/{id}?incident_date=``),
    so the customer hears it while still chatting.

    ``delivered_at`` is ``None`` while the order has not been delivered.
    """
    problems = []
    if delivered_at is None:
        problems.append(
            Problem(
                "incident_before_delivery",
                "incident_date",
                "Our records show this order has not been delivered yet, so the product cannot "
                "have caused harm. If it has arrived, please contact customer service.",
            )
        )
    elif incident_date < (delivered_at - _BEHIND_UTC).date():
        problems.append(
            Problem(
                "incident_before_delivery",
                "incident_date",
                f"The incident date is before the order was delivered "
                f"({delivered_at.date().isoformat()}). Please check the date of the incident.",
            )
        )
    if incident_date > (now + _AHEAD_OF_UTC).date():
        problems.append(
            Problem(
                "incident_in_future",
                "incident_date",
                "The incident date is in the future. Please check the date of the incident.",
            )
        )
    return problems


def admissibility_problems(
    incident_date: date, delivered_at: datetime | None, losses: Losses, now: datetime
) -> list[Problem]:
    """Why a claim cannot be filed at all (nothing is stored): dates and amounts that make no sense.

    ``delivered_at`` is ``None`` while the order has not been delivered.
    """
    problems = incident_date_problems(incident_date, delivered_at, now)
    if losses.total <= 0 and losses.uncovered <= 0:
        problems.append(
            Problem(
                "no_harm_reported",
                None,
                "A claim needs property damage or injury costs of more than zero. "
                "For a refund of the item itself, please use a return.",
            )
        )
    if losses.total > CLAIM_CAP:
        problems.append(
            Problem(
                "amount_over_limit",
                None,
                f"A claim can be for at most {format_dollars(CLAIM_CAP)}; "
                f"this one asks for {format_dollars(losses.total)}.",
            )
        )
    return problems


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


def decide_claim(
    total: Decimal,
    screening: Screening,
    seller_insured: bool,
    now: datetime,
    seller_response_days: int,
    uncovered: Decimal = Decimal("0.00"),
) -> PolicyDecision:
    """Apply the policy to an admissible, screened claim.

    Policy denials come first; then a fraud score at or over ``REVIEW_THRESHOLD`` sends the claim
    to the fraud experts; otherwise the amount decides. ``uncovered``: the amounts listed for
    losses the policy does not cover, left out of ``total`` (the customer is told so).

    No score denies a claim as abusive by itself: every signal has innocent explanations, so
    only an expert, after review, denies for abuse (``backend.review``).
    """
    decision = _decide(total, screening, seller_insured, now, seller_response_days)
    if uncovered <= 0 or decision.status is ClaimStatus.DENIED:
        return decision
    return replace(
        decision,
        reasons=(*decision.reasons, "uncovered_losses_excluded"),
        explanation=(
            f"{decision.explanation} Pain and suffering, punitive and other non-economic "
            f"damages are not covered, so the {format_dollars(uncovered)} listed for them is "
            "not part of the claim."
        ),
    )


def _decide(
    total: Decimal,
    screening: Screening,
    seller_insured: bool,
    now: datetime,
    seller_response_days: int,
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
            explanation="We cannot accept this claim. "
            + " ".join(finding.explanation for finding in screening.denials),
            seller_response_due=None,
            concession=None,
            events=(ClaimEventType.DENIED,),
        )
    if screening.fraud_score >= REVIEW_THRESHOLD:
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
            explanation=(
                "Thank you, we have received your claim. Before we decide, a claims specialist "
                f"will review it within {REVIEW_DAYS} days, as we do for some claims, and we "
                "will let you know the outcome. Meanwhile you can add photos, receipts or "
                "medical papers to it, or ask for its status."
            ),
            seller_response_due=None,
            concession=None,
            events=(ClaimEventType.REFERRED_FOR_REVIEW,),
        )
    if total < CONCESSION_LIMIT:
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
            explanation=(
                f"Your claim is accepted. Because it is under {format_dollars(CONCESSION_LIMIT)}, "
                f"the marketplace is paying you {format_dollars(total)} now, and we have let "
                "the seller know."
            ),
            seller_response_due=None,
            concession=total,
            events=(ClaimEventType.CONCESSION_PAID, ClaimEventType.SELLER_NOTIFIED),
        )
    # The seller has the calendar days the policy gives to accept or reject (with a defence);
    # nothing is paid yet, so nothing counts against anyone's defect rate yet.
    due = now + timedelta(days=seller_response_days)
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
        explanation=(
            f"Your claim is valid. Because it is {format_dollars(CONCESSION_LIMIT)} or more, "
            f"we have sent it to the seller{' and its insurer' if seller_insured else ''}, "
            f"who must respond by {due.day} {due:%B %Y}. If the seller does not respond in time, "
            "the marketplace steps in. We will keep you informed."
        ),
        seller_response_due=due,
        concession=None,
        events=notified,
    )

"""Seller insurance: what qualifies, and when a seller must hold it.

Qualifying insurance: product liability cover in force on the day, of at least the minimum per
occurrence, naming the marketplace as additional insured. A seller whose sales reach the
threshold in one calendar month must hold it from then on; proof is due some days after the end
of that month, and until then the seller is required, possibly not yet compliant, not overdue.
A seller behind on proof is reminded a week before it is due and once it is overdue.
Sellers that are required, or whose best month came within 20 % of the threshold, and hold no
qualifying policy are offered quotes from the marketplace's partner insurers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from backend.money import format_money
from backend.policy.messages import for_seller, shortfall
from backend.policy.parameters import PolicyParameters


@dataclass(frozen=True)
class InsuranceCover:
    """A seller's product liability policy, as far as the policy cares."""

    per_occurrence_limit: Decimal
    additional_insured: bool
    valid_from: date
    valid_to: date  # the renewal day: in force up to, not including, this day

    def shortcomings(self, on: date, params: PolicyParameters) -> tuple[str, ...]:
        """Why this cover does not qualify on ``on`` (empty: it does)."""
        found = []
        if self.valid_from > on:
            found.append("not_yet_in_force")
        if self.valid_to <= on:
            found.append("lapsed")
        if self.per_occurrence_limit < params.minimum_per_occurrence_limit:
            found.append("limit_too_low")
        if not self.additional_insured:
            found.append("not_additional_insured")
        return tuple(found)


def seller_insured_for(
    covers: list[InsuranceCover], incident_date: date, params: PolicyParameters
) -> bool:
    """Whether the seller held qualifying insurance on the day of the incident."""
    return any(not cover.shortcomings(incident_date, params) for cover in covers)


@dataclass(frozen=True)
class PolicyOnFile:
    """A policy the seller holds, as the requirement reads it."""

    policy_number: str
    insurer: str
    cover: InsuranceCover
    submitted_by: str


@dataclass(frozen=True)
class InsuranceStatus:
    """Where a seller stands with the requirement on one day, and why."""

    on: date
    required: bool
    compliant: bool
    overdue: bool
    reason_code: str  # not_required, compliant, proof_not_yet_due, overdue
    reason: str
    proof_due: date | None
    required_since: date | None  # the first day of the month that made it required
    sales_that_month: Decimal | None
    policy: PolicyOnFile | None  # the qualifying policy, else the one closest to qualifying
    policy_shortcomings: tuple[str, ...]  # "no_policy" when the seller has none
    # Seller-filed policies the marketplace has not verified yet: they count for nothing.
    pending_verification: tuple[str, ...] = ()

    def as_json(self, seller_id: str) -> dict[str, Any]:
        """The status as ``GET .../insurance`` answers it."""
        policy = self.policy
        return {
            "seller_id": seller_id,
            "on": self.on.isoformat(),
            "required": self.required,
            "compliant": self.compliant,
            "overdue": self.overdue,
            "reason_code": self.reason_code,
            "reason": self.reason,
            "proof_due": self.proof_due.isoformat() if self.proof_due else None,
            "required_since_month": self.required_since.strftime("%Y-%m")
            if self.required_since
            else None,
            "sales_that_month": format_money(self.sales_that_month)
            if self.sales_that_month is not None
            else None,
            "policy": None
            if policy is None
            else {
                "policy_number": policy.policy_number,
                "insurer": policy.insurer,
                "per_occurrence_limit": format_money(policy.cover.per_occurrence_limit),
                "additional_insured": policy.cover.additional_insured,
                "valid_from": policy.cover.valid_from.isoformat(),
                "valid_to": policy.cover.valid_to.isoformat(),
                "submitted_by": policy.submitted_by,
            },
            "policy_shortcomings": list(self.policy_shortcomings),
            "pending_verification": list(self.pending_verification),
        }


def proof_due_after(month: date, params: PolicyParameters) -> date:
    """The day proof is due for a requirement that arose in ``month`` (its first day)."""
    last_day = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return last_day + timedelta(days=params.proof_due_days)


def insurance_status(
    monthly_sales: list[tuple[date, Decimal]],
    policies: list[PolicyOnFile],
    on: date,
    params: PolicyParameters,
) -> InsuranceStatus:
    """The requirement applied on ``on`` to a seller's sales by month and its policies."""
    trigger = min(
        (
            (month, amount)
            for month, amount in monthly_sales
            if month <= on and amount >= params.insurance_sales_threshold
        ),
        default=None,
    )
    best = min(
        policies,
        key=lambda policy: (
            len(policy.cover.shortcomings(on, params)),
            -policy.cover.valid_to.toordinal(),
        ),
        default=None,
    )
    shortcomings = best.cover.shortcomings(on, params) if best is not None else ("no_policy",)
    compliant = not shortcomings
    status = {
        "on": on,
        "compliant": compliant,
        "policy": best,
        "policy_shortcomings": shortcomings,
    }
    if trigger is None:
        return InsuranceStatus(
            **status,
            required=False,
            overdue=False,
            reason_code="not_required",
            reason=for_seller("not_required", threshold=params.insurance_sales_threshold),
            proof_due=None,
            required_since=None,
            sales_that_month=None,
        )
    month, amount = trigger
    due = proof_due_after(month, params)
    why = for_seller("required", amount=amount, month=month)
    if compliant:
        code, overdue = "compliant", False
        reason = for_seller(code, why=why, policy_number=best.policy_number)
    else:
        code, overdue = ("proof_not_yet_due", False) if on <= due else ("overdue", True)
        missing = shortfall(
            best.policy_number if best else None,
            best.cover if best else None,
            shortcomings,
            params.minimum_per_occurrence_limit,
        )
        reason = for_seller(code, why=why, due=due, shortfall=missing)
    return InsuranceStatus(
        **status,
        required=True,
        overdue=overdue,
        reason_code=code,
        reason=reason,
        proof_due=due,
        required_since=month,
        sales_that_month=amount,
    )


@dataclass(frozen=True)
class QuoteEligibility:
    """Whether the seller is offered partner quotes, and why (``reason_code``)."""

    eligible: bool
    reason_code: str  # required, near_threshold, insured, below_threshold
    reason: str


def quote_eligibility(
    status: InsuranceStatus, monthly_sales: list[tuple[date, Decimal]], params: PolicyParameters
) -> QuoteEligibility:
    """Offer quotes to a seller without qualifying cover that is required or near the threshold."""
    if status.compliant:
        code = "insured"
    elif status.required:
        code = "required"
    else:
        near = params.insurance_sales_threshold * params.quote_offer_share
        best = max(
            (amount for month, amount in monthly_sales if month <= status.on), default=Decimal(0)
        )
        code = "near_threshold" if best >= near else "below_threshold"
    reason = for_seller(
        f"quotes_{code}",
        threshold=params.insurance_sales_threshold,
        near=params.insurance_sales_threshold * params.quote_offer_share,
    )
    return QuoteEligibility(code in ("required", "near_threshold"), code, reason)


PROOF_DUE_SOON = "insurance_proof_due_soon"
PROOF_OVERDUE = "insurance_proof_overdue"


def proof_reminder(status: InsuranceStatus, params: PolicyParameters) -> str | None:
    """The reminder a seller behind on proof gets on ``status.on`` (its topic), if any."""
    if not status.required or status.compliant or status.proof_due is None:
        return None
    if status.overdue:
        return PROOF_OVERDUE
    if (status.proof_due - status.on).days <= params.proof_reminder_days:
        return PROOF_DUE_SOON
    return None

"""The seller insurance requirement: who must be insured, whether they are, and since when.

A seller whose sales reach $10,000.00 in one calendar month must from then on hold qualifying
product liability insurance (at least $1,000,000 per occurrence, naming the marketplace as
additional insured, in force). Proof is due 30 days after the end of the first such month; until
then the seller is required, possibly not yet compliant, but not overdue. ``insurance_status`` is
pure (sales and policies in, status out); ``seller_insurance_status`` reads them from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.insurance_verification import PENDING, VERIFIED
from backend.models import InsurancePolicy, MonthlySales
from backend.money import format_dollars, format_money
from backend.policy import REQUIRED_PER_OCCURRENCE_LIMIT, InsuranceCover
from backend.sellers import known_seller

# Sales in one calendar month at or above this make insurance required.
SALES_THRESHOLD = Decimal("10000.00")
# Proof of insurance is due this many days after the end of that month.
PROOF_DUE_DAYS = 30


@dataclass(frozen=True)
class PolicyOnFile:
    """A policy the seller holds, as the requirement reads it."""

    policy_number: str
    insurer: str
    cover: InsuranceCover
    submitted_by: str

    def shortcomings(self, on: date) -> tuple[str, ...]:
        """Why this policy does not qualify on ``on`` (empty: it does)."""
        found = []
        if self.cover.valid_from > on:
            found.append("not_yet_in_force")
        if self.cover.valid_to <= on:
            found.append("lapsed")
        if self.cover.per_occurrence_limit < REQUIRED_PER_OCCURRENCE_LIMIT:
            found.append("limit_too_low")
        if not self.cover.additional_insured:
            found.append("not_additional_insured")
        return tuple(found)


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


def proof_due_after(month: date) -> date:
    """The day proof is due for a requirement that arose in ``month`` (its first day)."""
    last_day = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return last_day + timedelta(days=PROOF_DUE_DAYS)


def insurance_status(
    monthly_sales: list[tuple[date, Decimal]], policies: list[PolicyOnFile], on: date
) -> InsuranceStatus:
    """The requirement applied on ``on`` to a seller's sales by month and its policies."""
    trigger = min(
        (
            (month, amount)
            for month, amount in monthly_sales
            if month <= on and amount >= SALES_THRESHOLD
        ),
        default=None,
    )
    best = min(
        policies,
        key=lambda policy: (len(policy.shortcomings(on)), -policy.cover.valid_to.toordinal()),
        default=None,
    )
    shortcomings = best.shortcomings(on) if best is not None else ("no_policy",)
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
            reason=f"No calendar month has reached {format_dollars(SALES_THRESHOLD)} of sales, "
            "so insurance is not required.",
            proof_due=None,
            required_since=None,
            sales_that_month=None,
        )
    month, amount = trigger
    due = proof_due_after(month)
    why = (
        f"Sales reached {format_dollars(amount)} in {month:%B %Y}, so qualifying insurance is "
        "required"
    )
    if compliant:
        code, overdue = "compliant", False
        reason = f"{why}, and policy {best.policy_number} qualifies."
    elif on <= due:
        code, overdue = "proof_not_yet_due", False
        reason = f"{why}; proof is due by {due.isoformat()}. {_describe(best, shortcomings)}"
    else:
        code, overdue = "overdue", True
        reason = f"{why}; proof was due by {due.isoformat()}. {_describe(best, shortcomings)}"
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


def _describe(policy: PolicyOnFile | None, shortcomings: tuple[str, ...]) -> str:
    """Why the seller's best policy does not qualify, in words."""
    if policy is None:
        return "No policy is on file."
    words = {
        "not_yet_in_force": f"starts only on {policy.cover.valid_from.isoformat()}",
        "lapsed": f"ended on {policy.cover.valid_to.isoformat()}",
        "limit_too_low": f"covers only {format_dollars(policy.cover.per_occurrence_limit)} per "
        f"occurrence (at least {format_dollars(REQUIRED_PER_OCCURRENCE_LIMIT)} is required)",
        "not_additional_insured": "does not name the marketplace as additional insured",
    }
    return f"Policy {policy.policy_number} " + " and ".join(words[s] for s in shortcomings) + "."


def policy_in_force(session: Session, seller_id: str, day: date) -> InsurancePolicy | None:
    """The seller's policy in force on ``day`` (the latest started, if several), if any.

    In force as ``InsuranceCover.in_force_on`` says: from ``valid_from`` up to ``valid_to``.
    """
    return session.execute(
        select(InsurancePolicy)
        .where(
            InsurancePolicy.seller_id == seller_id,
            InsurancePolicy.verification == VERIFIED,
            InsurancePolicy.valid_from <= day,
            InsurancePolicy.valid_to > day,
        )
        .order_by(InsurancePolicy.valid_from.desc(), InsurancePolicy.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def cover_of(policy: InsurancePolicy) -> InsuranceCover:
    """A stored policy as the claims policy reads it."""
    return InsuranceCover(
        per_occurrence_limit=policy.per_occurrence_limit,
        additional_insured=policy.additional_insured,
        valid_from=policy.valid_from,
        valid_to=policy.valid_to,
    )


def seller_insurance_status(session: Session, seller_id: str, on: date) -> InsuranceStatus:
    """The seller's status on ``on``; 404 ``seller_not_found`` for an unknown seller."""
    known_seller(session, seller_id)
    sales = session.execute(
        select(MonthlySales.month, MonthlySales.amount).where(MonthlySales.seller_id == seller_id)
    ).all()
    policies = list(
        session.execute(
            select(InsurancePolicy).where(InsurancePolicy.seller_id == seller_id)
        ).scalars()
    )
    status = insurance_status(
        [(month, amount) for month, amount in sales],
        [
            PolicyOnFile(
                policy_number=policy.policy_number,
                insurer=policy.insurer,
                cover=cover_of(policy),
                submitted_by=policy.submitted_by,
            )
            for policy in policies
            if policy.verification == VERIFIED
        ],
        on,
    )
    pending = tuple(p.policy_number for p in policies if p.verification == PENDING)
    return replace(status, pending_verification=pending)

"""Fraud and abuse screening: named, explainable rules, each giving a reason code and a weight.

A rule looks at the claim as filed (``ClaimUnderScreening``) and either finds nothing or returns
a ``Finding``. Adding a rule is writing one function and listing it in ``RULES``. The fraud score
combines the weights of everything found; findings that ``deny`` are policy denials.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class ClaimUnderScreening:
    """What the rules may look at: the claim as filed and what the desk already knows around it."""

    order_id: str
    sku: str
    customer_id: str
    seller_id: str
    incident_date: date
    claimed_total: Decimal
    filed_at: datetime
    filing_window_days: int
    # References of claims on the same order and item that still stand (not denied/withdrawn/closed).
    standing_claims_on_item: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """Something a rule noticed: a reason code, how suspicious it is, what it means for the claim."""

    code: str
    weight: float  # 0..1, how strongly this points to fraud or abuse
    denies: bool  # the published policy denies a claim for this reason
    explanation: str  # a sentence for the customer

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "weight": self.weight, "denies": self.denies}


Rule = Callable[[ClaimUnderScreening], "Finding | None"]


def late_filing(claim: ClaimUnderScreening) -> Finding | None:
    """Claims must be filed within the filing window (default 90 days) of the incident."""
    days_since = (claim.filed_at.date() - claim.incident_date).days
    if days_since <= claim.filing_window_days:
        return None
    return Finding(
        code="late_filing",
        weight=0.1,
        denies=True,
        explanation=(
            f"Claims must be filed within {claim.filing_window_days} days of the incident, "
            f"and this one was filed {days_since} days after it."
        ),
    )


def duplicate_of_standing_claim(claim: ClaimUnderScreening) -> Finding | None:
    """One claim per item and order at a time: a second one is never paid twice."""
    if not claim.standing_claims_on_item:
        return None
    existing = ", ".join(claim.standing_claims_on_item)
    return Finding(
        code="duplicate",
        weight=0.4,
        denies=True,
        explanation=(
            f"There is already an open claim ({existing}) for this item on this order; "
            "you can add evidence to it or ask for its status."
        ),
    )


RULES: tuple[Rule, ...] = (late_filing, duplicate_of_standing_claim)


@dataclass(frozen=True)
class Screening:
    """Everything the rules found about one claim."""

    findings: tuple[Finding, ...]

    @property
    def denials(self) -> tuple[Finding, ...]:
        """The findings for which the policy denies the claim."""
        return tuple(finding for finding in self.findings if finding.denies)

    @property
    def fraud_score(self) -> float:
        """0 (nothing suspicious) to 1: the chance that at least one finding is a real sign."""
        clean = math.prod(1 - finding.weight for finding in self.findings)
        return float(round(1 - clean, 2))


def screen_claim(claim: ClaimUnderScreening, rules: Sequence[Rule] = RULES) -> Screening:
    """Run every rule over the claim."""
    return Screening(tuple(finding for rule in rules if (finding := rule(claim)) is not None))

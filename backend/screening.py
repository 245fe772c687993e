"""Fraud and abuse screening: named, explainable rules, each giving a reason code and a weight.

A rule looks at the claim as filed and what the desk already knows around it
(``ClaimUnderScreening``, gathered by bounded, indexed queries in ``backend.screening_facts``)
and either finds nothing or returns a ``Finding``: a code, a weight from 0 to 1 (how strongly it
points to fraud or abuse) and a sentence saying what it saw. Adding a rule is writing one
function and listing it in ``RULES``.

Two kinds of finding:
- policy denials (``denies``): ``late_filing``, ``duplicate``, ``not_covered``. The published
  policy refuses such a claim whatever else is true; the sentence is for the customer.
- signals: the rest. None proves anything (a cheap charger can burn a house down); they add up
  into the fraud score, and ``backend.policy.decision`` sends a claim whose score reaches its review
  threshold to the fraud experts. Their sentences are for the experts, never the customer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from backend.money import format_dollars
from backend.policy.filing import days_filed_late
from backend.policy.messages import for_customer

# How far back claim frequency looks, and how many related claims a fact query reads at most
# (enough for every rule's strongest weight; it keeps each query bounded).
FREQUENCY_WINDOW = timedelta(days=365)
RELATED_CLAIMS_LIMIT = 10
# claim frequency: this many earlier claims by one customer within the window ...
CUSTOMER_CLAIMS_THRESHOLD = 3
# ... or from other customer accounts at one delivery address.
ADDRESS_CLAIMS_THRESHOLD = 2
# An incident within this many days of delivery, claiming at least this much.
SOON_AFTER_DELIVERY_DAYS = 2
LARGE_AMOUNT = Decimal("2500.00")
# A claim this many times the item's price, and at least this much, deserves an expert's look.
PRICE_MULTIPLE = 250
PRICE_MULTIPLE_FLOOR = Decimal("1000.00")
# Every amount a whole number of this, and a total of at least the floor.
ROUND_UNIT = Decimal("100.00")
ROUND_FLOOR = Decimal("1000.00")
# A photo taken more than this many days before the incident cannot show it.
PHOTO_LONG_BEFORE_DAYS = 30
# Narratives at least this similar (Jaccard over word shingles) are "nearly identical".
NEAR_IDENTICAL = 0.8


@dataclass(frozen=True, order=True)
class AboutFile:
    """One of the claim's files a finding is about, and the other claim it was seen in, if any."""

    evidence_id: str
    other_reference: str | None = None


@dataclass(frozen=True)
class ClaimUnderScreening:
    """What the rules may look at: the claim as filed and what the desk already knows around it.

    The related-claim facts hold references of other claims, newest first, at most
    ``RELATED_CLAIMS_LIMIT`` of them.
    """

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
    delivered_at: datetime | None = None
    item_price: Decimal | None = None
    # Each covered amount claimed (property damage, medical costs, lost earnings), zeros left out.
    claimed_amounts: tuple[Decimal, ...] = ()
    # What the customer asked for losses the policy does not cover (pain and suffering, ...).
    uncovered_total: Decimal = Decimal("0.00")
    # This customer's claims filed within ``FREQUENCY_WINDOW`` before this one.
    recent_claims_by_customer: tuple[str, ...] = ()
    # Other customers' claims to the same delivery address within ``FREQUENCY_WINDOW``.
    recent_claims_at_address: tuple[str, ...] = ()
    # This claim's files found identical (same SHA-256) in other customers' claims.
    claims_sharing_evidence: tuple[AboutFile, ...] = ()
    # Other customers' claims whose narrative shares a signature bucket, with the exact similarity.
    similar_narratives: tuple[tuple[str, float], ...] = ()
    # Claims on the same order and item that fraud experts reviewed and denied.
    denied_after_review_on_item: tuple[str, ...] = ()
    # This claim's photos whose picture is in another file of another customer's claim
    # (re-encoded, resized, cropped).
    claims_with_the_same_picture: tuple[AboutFile, ...] = ()
    # The claim's photos whose camera recorded a day: (evidence id, that day), earliest first.
    photo_dates: tuple[tuple[str, date], ...] = ()


@dataclass(frozen=True)
class Finding:
    """Something a rule noticed: a reason code, how suspicious it is, what it means for the claim."""

    code: str
    weight: float  # 0..1, how strongly this points to fraud or abuse
    denies: bool  # the published policy denies a claim for this reason
    explanation: str  # what the rule saw; the customer reads it only for a denial
    related: tuple[str, ...] = ()  # other claims the finding is about, for the experts
    files: tuple[AboutFile, ...] = ()  # the claim's own files the finding is about

    def as_json(self) -> dict[str, object]:
        """The finding as stored with the decision, for the fraud experts."""
        return {
            "code": self.code,
            "weight": self.weight,
            "denies": self.denies,
            "detail": self.explanation,
            "related": list(self.related),
            "files": [
                {"evidence_id": file.evidence_id, "other_reference": file.other_reference}
                for file in self.files
            ],
        }


Rule = Callable[[ClaimUnderScreening], "Finding | None"]


# ---- policy denials --------------------------------------------------------------------------


def late_filing(claim: ClaimUnderScreening) -> Finding | None:
    """Claims must be filed within the filing window of the incident (``backend.policy.filing``)."""
    days_since = days_filed_late(
        claim.incident_date, claim.filed_at.date(), claim.filing_window_days
    )
    if days_since is None:
        return None
    return Finding(
        code="late_filing",
        weight=0.1,
        denies=True,
        explanation=for_customer(
            "late_filing", window_days=claim.filing_window_days, days_since=days_since
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
        related=claim.standing_claims_on_item,
    )


def only_uncovered_losses(claim: ClaimUnderScreening) -> Finding | None:
    """A claim for nothing but losses the policy does not cover (pain and suffering, ...)."""
    if claim.claimed_total > 0 or claim.uncovered_total <= 0:
        return None
    return Finding(
        code="not_covered",
        weight=0.0,
        denies=True,
        explanation=(
            "The marketplace's policy covers property damage, medical costs and lost earnings, "
            "but not pain and suffering, punitive or other non-economic damages, which is all "
            "this claim asks for. If you also had costs of those covered kinds, you can file a "
            "new claim for them."
        ),
    )


# ---- signals ---------------------------------------------------------------------------------


def _frequency(code: str, related: tuple[str, ...], threshold: int, what: str) -> Finding | None:
    """A frequency finding from ``threshold`` related claims on: weight 0.3, 0.1 more for each
    claim beyond, at most 0.6. ``what`` completes "<count> ..." in the sentence."""
    count = len(related)
    if count < threshold:
        return None
    shown = f"{count}{'+' if count == RELATED_CLAIMS_LIMIT else ''}"
    return Finding(
        code=code,
        weight=round(min(0.3 + 0.1 * (count - threshold), 0.6), 2),
        denies=False,
        explanation=f"{shown} {what} in the 12 months before this one.",
        related=related,
    )


def frequent_claims_by_customer(claim: ClaimUnderScreening) -> Finding | None:
    """Many claims by one customer in a year: rare for honest customers, common for abuse."""
    return _frequency(
        "frequent_claims_customer",
        claim.recent_claims_by_customer,
        CUSTOMER_CLAIMS_THRESHOLD,
        "other claims were filed by this customer",
    )


def frequent_claims_at_address(claim: ClaimUnderScreening) -> Finding | None:
    """Claims from several customer accounts delivered to one address: a sign of a claims ring."""
    return _frequency(
        "frequent_claims_address",
        claim.recent_claims_at_address,
        ADDRESS_CLAIMS_THRESHOLD,
        "claims by other customer accounts were filed for the same delivery address",
    )


def _other_claims(files: tuple[AboutFile, ...]) -> tuple[str, ...]:
    """The other claims ``files`` were seen in, each once, in order."""
    return tuple(sorted({file.other_reference for file in files if file.other_reference}))


def evidence_used_in_another_claim(claim: ClaimUnderScreening) -> Finding | None:
    """The same file (by SHA-256) already supports another customer's claim."""
    if not claim.claims_sharing_evidence:
        return None
    others = _other_claims(claim.claims_sharing_evidence)
    return Finding(
        code="evidence_reused",
        weight=0.6,
        denies=False,
        explanation=(
            "A file attached to this claim is identical to one attached to another customer's "
            f"claim ({', '.join(others)})."
        ),
        related=others,
        files=claim.claims_sharing_evidence,
    )


def large_claim_soon_after_delivery(claim: ClaimUnderScreening) -> Finding | None:
    """A large claim for an incident right after delivery."""
    if claim.delivered_at is None or claim.claimed_total < LARGE_AMOUNT:
        return None
    days = (claim.incident_date - claim.delivered_at.date()).days
    if days > SOON_AFTER_DELIVERY_DAYS:
        return None
    return Finding(
        code="large_claim_soon_after_delivery",
        weight=0.3,
        denies=False,
        explanation=(
            f"The incident happened {max(days, 0)} day(s) after delivery and the claim is for "
            f"{format_dollars(claim.claimed_total)}."
        ),
    )


def amount_far_above_item_price(claim: ClaimUnderScreening) -> Finding | None:
    """A claim many times the item's price: possible (a cheap charger can burn a house down),
    so it asks for an expert's look, never a denial."""
    if (
        not claim.item_price
        or claim.claimed_total < PRICE_MULTIPLE_FLOOR
        or claim.claimed_total < claim.item_price * PRICE_MULTIPLE
    ):
        return None
    multiple = claim.claimed_total / claim.item_price
    return Finding(
        code="amount_far_above_item_price",
        weight=0.5,
        denies=False,
        explanation=(
            f"The claim ({format_dollars(claim.claimed_total)}) is {multiple:,.0f} times the "
            f"item's price ({format_dollars(claim.item_price)})."
        ),
    )


def round_amounts(claim: ClaimUnderScreening) -> Finding | None:
    """Large amounts in whole hundreds: estimates rather than bills. A weak signal on its own."""
    if claim.claimed_total < ROUND_FLOOR or not claim.claimed_amounts:
        return None
    if any(amount % ROUND_UNIT for amount in claim.claimed_amounts):
        return None
    return Finding(
        code="round_amounts",
        weight=0.15,
        denies=False,
        explanation=(
            f"Every amount claimed is a whole multiple of {format_dollars(ROUND_UNIT)} "
            f"(total {format_dollars(claim.claimed_total)})."
        ),
    )


def narrative_like_another_claim(claim: ClaimUnderScreening) -> Finding | None:
    """Another customer told nearly the same story in nearly the same words."""
    alike = tuple(
        (reference, score)
        for reference, score in claim.similar_narratives
        if score >= NEAR_IDENTICAL
    )
    if not alike:
        return None
    closest = max(score for _, score in alike)
    return Finding(
        code="similar_narrative",
        weight=0.5,
        denies=False,
        explanation=(
            f"The description is {closest:.0%} identical (word for word) to another customer's "
            f"claim ({', '.join(reference for reference, _ in alike)})."
        ),
        related=tuple(reference for reference, _ in alike),
    )


def refiled_after_an_experts_denial(claim: ClaimUnderScreening) -> Finding | None:
    """The same item and order again after experts denied it: never paid without an expert."""
    if not claim.denied_after_review_on_item:
        return None
    return Finding(
        code="refiled_after_denial",
        weight=0.6,  # at or above the review threshold on its own: an expert decides
        denies=False,
        explanation=(
            "Fraud specialists already reviewed and denied a claim for this item on this order ("
            + ", ".join(claim.denied_after_review_on_item)
            + ")."
        ),
        related=claim.denied_after_review_on_item,
    )


def same_picture_in_another_claim(claim: ClaimUnderScreening) -> Finding | None:
    """A photo shows the same picture as one of another customer's claim, in another file: taken
    from there and re-encoded, resized or cropped."""
    if not claim.claims_with_the_same_picture:
        return None
    others = _other_claims(claim.claims_with_the_same_picture)
    return Finding(
        code="photo_reused_altered",
        weight=0.5,
        denies=False,
        explanation=(
            "A photo attached to this claim shows the same picture as one attached to another "
            f"customer's claim ({', '.join(others)}), re-encoded, resized or cropped."
        ),
        related=others,
        files=claim.claims_with_the_same_picture,
    )


def photo_taken_before_it_could_be(claim: ClaimUnderScreening) -> Finding | None:
    """Photos whose camera date is before the product was delivered, or long before the
    incident: they cannot show this product's harm."""
    delivered = claim.delivered_at.date() if claim.delivered_at is not None else None
    early = [(file, day) for file, day in claim.photo_dates if delivered and day < delivered]
    if early:
        return _photos_taken_early(
            "photo_before_delivery",
            0.5,
            early,
            f"before the product was delivered on {delivered.isoformat()}",
        )
    old = [
        (file, day)
        for file, day in claim.photo_dates
        if (claim.incident_date - day).days > PHOTO_LONG_BEFORE_DAYS
    ]
    if old:
        return _photos_taken_early(
            "photo_long_before_incident",
            0.3,
            old,
            f"more than {PHOTO_LONG_BEFORE_DAYS} days before the incident on "
            f"{claim.incident_date.isoformat()}",
        )
    return None


def _photos_taken_early(
    code: str, weight: float, photos: list[tuple[str, date]], when: str
) -> Finding:
    """A finding about ``photos`` (evidence id, camera day), taken ``when`` ("before ...")."""
    days = ", ".join(sorted({day.isoformat() for _, day in photos}))
    taken = "A photo was taken" if len(photos) == 1 else f"{len(photos)} photos were taken"
    return Finding(
        code=code,
        weight=weight,
        denies=False,
        explanation=f"{taken} on {days} (camera date), {when}.",
        files=tuple(AboutFile(evidence_id) for evidence_id, _ in photos),
    )


RULES: tuple[Rule, ...] = (
    late_filing,
    duplicate_of_standing_claim,
    refiled_after_an_experts_denial,
    only_uncovered_losses,
    frequent_claims_by_customer,
    frequent_claims_at_address,
    evidence_used_in_another_claim,
    large_claim_soon_after_delivery,
    amount_far_above_item_price,
    round_amounts,
    narrative_like_another_claim,
    same_picture_in_another_claim,
    photo_taken_before_it_could_be,
)


@dataclass(frozen=True)
class Screening:
    """Everything the rules found about one claim."""

    findings: tuple[Finding, ...]

    @property
    def denials(self) -> tuple[Finding, ...]:
        """The findings for which the policy denies the claim."""
        return tuple(finding for finding in self.findings if finding.denies)

    @property
    def signals(self) -> tuple[Finding, ...]:
        """The findings that only count towards the fraud score."""
        return tuple(finding for finding in self.findings if not finding.denies)

    @property
    def fraud_score(self) -> float:
        """0 (nothing suspicious) to 1: the chance that at least one finding is a real sign."""
        clean = math.prod(1 - finding.weight for finding in self.findings)
        return float(round(1 - clean, 2))


def screen_claim(claim: ClaimUnderScreening, rules: Sequence[Rule] = RULES) -> Screening:
    """Run every rule over the claim."""
    return Screening(tuple(finding for rule in rules if (finding := rule(claim)) is not None))

"""The numbers the policy is written with, built once from settings and passed to every rule."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PolicyParameters:
    """The policy's limits, windows and thresholds; the defaults are the published policy.

    ``backend.settings.Settings.policy`` builds it once from the environment (the windows are
    configurable); the rules take it, with the clock's "now", as an argument.
    """

    # Valid claims strictly under this amount are paid by the marketplace at once, as a concession.
    concession_limit: Decimal = Decimal("1000.00")
    # No claim may ask for more than this.
    claim_cap: Decimal = Decimal("1000000.00")
    # A claim is filed within this many days of the incident.
    filing_window_days: int = 90
    # A fraud score at or over this sends the claim to the fraud experts before anything is paid,
    review_threshold: float = 0.5
    # ... who review it within this many days.
    review_days: int = 5
    # The seller answers a claim routed to it within this many calendar days.
    seller_response_days: int = 7
    # A seller may waive a concession's reimbursement with proof of insurance within these days,
    reimbursement_waiver_days: int = 7
    # ... and appeal a concession within these; a denied or withdrawn claim is closed after them.
    appeal_window_days: int = 30
    # The claims desk decides a seller's rejection within this many days (then it is overdue).
    desk_decision_days: int = 7
    # Sales in one calendar month at or above this make seller insurance required ...
    insurance_sales_threshold: Decimal = Decimal("10000.00")
    # ... with proof due this many days after the end of that month ...
    proof_due_days: int = 30
    # ... of product liability cover of at least this much per occurrence.
    minimum_per_occurrence_limit: Decimal = Decimal("1000000.00")
    # A seller behind on proof is reminded this many days before it is due (and once overdue).
    proof_reminder_days: int = 7
    # Sellers not yet required but whose best month reached this share of the threshold are
    # offered partner quotes too (within 20 %: $8,000 of $10,000).
    quote_offer_share: Decimal = Decimal("0.80")

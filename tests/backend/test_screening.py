"""Screening rules: each named, explainable, and easy to add."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal

from backend.screening import (
    RULES,
    ClaimUnderScreening,
    Finding,
    duplicate_of_standing_claim,
    late_filing,
    screen_claim,
)

CLAIM = ClaimUnderScreening(
    order_id="112-1234567-1234567",
    sku="B0HEATER01",
    customer_id="C-1",
    seller_id="S-ACME",
    incident_date=date(2026, 10, 2),
    claimed_total=Decimal("350.00"),
    filed_at=datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc),
    filing_window_days=90,
    standing_claims_on_item=(),
)


def test_a_clean_claim_has_no_findings_and_a_zero_score():
    screening = screen_claim(CLAIM)

    assert screening.findings == ()
    assert screening.denials == ()
    assert screening.fraud_score == 0.0


def test_late_filing_counts_days_after_the_incident_against_the_window():
    on_day_90 = replace(CLAIM, filed_at=datetime(2026, 12, 31, 23, 59, tzinfo=timezone.utc))
    on_day_91 = replace(CLAIM, filed_at=datetime(2027, 1, 1, 0, 0, tzinfo=timezone.utc))
    short_window = replace(CLAIM, filing_window_days=7)

    assert late_filing(on_day_90) is None
    finding = late_filing(on_day_91)
    assert (finding.code, finding.denies) == ("late_filing", True)
    assert "91 days" in finding.explanation
    assert late_filing(short_window).code == "late_filing"


def test_a_claim_on_an_item_with_a_standing_claim_is_a_duplicate():
    finding = duplicate_of_standing_claim(replace(CLAIM, standing_claims_on_item=("CLM-ABCDEF",)))

    assert (finding.code, finding.denies) == ("duplicate", True)
    assert "CLM-ABCDEF" in finding.explanation
    assert duplicate_of_standing_claim(CLAIM) is None


def test_the_fraud_score_combines_weights_and_stays_between_0_and_1():
    late_duplicate = replace(
        CLAIM,
        filed_at=datetime(2027, 3, 1, tzinfo=timezone.utc),
        standing_claims_on_item=("CLM-ABCDEF",),
    )

    screening = screen_claim(late_duplicate)

    assert [finding.code for finding in screening.findings] == ["late_filing", "duplicate"]
    assert screening.fraud_score == 0.46  # 1 - (1 - 0.1) * (1 - 0.4)


def test_a_new_rule_is_just_a_function():
    def round_number(claim: ClaimUnderScreening) -> Finding | None:
        if claim.claimed_total % 100 == 0:
            return Finding("round_amount", 0.2, False, "The amount is a round number.")
        return None

    screening = screen_claim(
        replace(CLAIM, claimed_total=Decimal("900.00")), (*RULES, round_number)
    )

    assert [finding.code for finding in screening.findings] == ["round_amount"]
    assert screening.denials == ()
    assert screening.fraud_score == 0.2

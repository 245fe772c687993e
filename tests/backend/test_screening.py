"""Screening rules: each named and explainable, with its boundaries; how the score adds up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from backend.screening import (
    RULES,
    AboutFile,
    ClaimUnderScreening,
    Finding,
    amount_far_above_item_price,
    duplicate_of_standing_claim,
    evidence_used_in_another_claim,
    frequent_claims_at_address,
    frequent_claims_by_customer,
    large_claim_soon_after_delivery,
    late_filing,
    narrative_like_another_claim,
    only_uncovered_losses,
    photo_taken_before_it_could_be,
    round_amounts,
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
    delivered_at=datetime(2026, 9, 4, 15, 0, tzinfo=timezone.utc),
    item_price=Decimal("89.99"),
    claimed_amounts=(Decimal("350.00"),),
)


def refs(count: int) -> tuple[str, ...]:
    return tuple(f"CLM-OTHER{index}" for index in range(count))


def test_a_clean_claim_has_no_findings_and_a_zero_score():
    screening = screen_claim(CLAIM)

    assert screening.findings == ()
    assert screening.denials == ()
    assert screening.fraud_score == 0.0


def test_every_rule_has_a_distinct_code():
    loud = replace(
        CLAIM,
        filed_at=datetime(2027, 3, 1, tzinfo=timezone.utc),
        standing_claims_on_item=("CLM-AAAA",),
        recent_claims_by_customer=refs(3),
        recent_claims_at_address=refs(2),
        claims_sharing_evidence=(AboutFile("EV-1", "CLM-BBBB"),),
        similar_narratives=(("CLM-CCCC", 0.9),),
    )
    codes = [finding.code for finding in screen_claim(loud).findings]

    assert len(codes) == len(set(codes))
    assert set(codes) >= {
        "late_filing",
        "duplicate",
        "frequent_claims_customer",
        "frequent_claims_address",
        "evidence_reused",
        "similar_narrative",
    }


# ---- policy denials --------------------------------------------------------------------------


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
    assert finding.related == ("CLM-ABCDEF",)
    assert duplicate_of_standing_claim(CLAIM) is None


def test_a_claim_for_nothing_but_uncovered_losses_is_not_covered():
    only_pain = replace(CLAIM, claimed_total=Decimal("0.00"), uncovered_total=Decimal("5000.00"))
    both = replace(CLAIM, uncovered_total=Decimal("5000.00"))

    finding = only_uncovered_losses(only_pain)
    assert (finding.code, finding.denies, finding.weight) == ("not_covered", True, 0.0)
    assert "pain and suffering" in finding.explanation
    assert only_uncovered_losses(both) is None
    assert only_uncovered_losses(CLAIM) is None


# ---- signals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "earlier, weight", [(0, None), (2, None), (3, 0.3), (4, 0.4), (5, 0.5), (6, 0.6), (10, 0.6)]
)
def test_claim_frequency_per_customer_starts_at_three_earlier_claims_in_a_year(earlier, weight):
    finding = frequent_claims_by_customer(replace(CLAIM, recent_claims_by_customer=refs(earlier)))

    if weight is None:
        assert finding is None
    else:
        assert (finding.code, finding.weight, finding.denies) == (
            "frequent_claims_customer",
            weight,
            False,
        )
        assert f"{earlier}" in finding.explanation
        assert finding.related == refs(earlier)


@pytest.mark.parametrize("others, weight", [(0, None), (1, None), (2, 0.3), (4, 0.5), (9, 0.6)])
def test_claim_frequency_per_address_starts_at_two_claims_by_other_accounts(others, weight):
    finding = frequent_claims_at_address(replace(CLAIM, recent_claims_at_address=refs(others)))

    if weight is None:
        assert finding is None
    else:
        assert (finding.code, finding.weight) == ("frequent_claims_address", weight)
        assert "same delivery address" in finding.explanation


def test_evidence_used_in_another_customers_claim_is_enough_for_review_on_its_own():
    files = (AboutFile("EV-1", "CLM-XY"), AboutFile("EV-1", "CLM-ZZ"), AboutFile("EV-2", "CLM-XY"))
    finding = evidence_used_in_another_claim(replace(CLAIM, claims_sharing_evidence=files))

    assert (finding.code, finding.weight, finding.denies) == ("evidence_reused", 0.6, False)
    assert "(CLM-XY, CLM-ZZ)" in finding.explanation
    assert finding.related == ("CLM-XY", "CLM-ZZ")
    assert finding.files == files  # each of the claim's files with the claim it is found in
    assert evidence_used_in_another_claim(CLAIM) is None


@pytest.mark.parametrize(
    "days, code, early",
    [
        # Delivered on 2026-09-04; the incident on 2026-10-02.
        ((date(2026, 9, 3), date(2026, 10, 2)), "photo_before_delivery", ["EV-0"]),
        ((date(2026, 9, 1), date(2026, 9, 3)), "photo_before_delivery", ["EV-0", "EV-1"]),
        ((date(2026, 9, 4), date(2026, 10, 2)), None, []),  # the delivery day: 28 days before
    ],
)
def test_photos_taken_before_the_delivery_are_each_named(days, code, early):
    claim = replace(CLAIM, photo_dates=tuple((f"EV-{n}", day) for n, day in enumerate(days)))

    finding = photo_taken_before_it_could_be(claim)

    assert (finding and finding.code) == code
    assert [file.evidence_id for file in (finding.files if finding else ())] == early


def test_a_photo_long_before_the_incident_is_named_not_the_fresh_one():
    claim = replace(
        CLAIM,
        delivered_at=None,
        photo_dates=(("EV-OLD", date(2026, 8, 30)), ("EV-NEW", date(2026, 10, 2))),
    )

    finding = photo_taken_before_it_could_be(claim)

    assert (finding.code, finding.weight) == ("photo_long_before_incident", 0.3)
    assert finding.files == (AboutFile("EV-OLD"),)
    assert "A photo was taken on 2026-08-30" in finding.explanation


@pytest.mark.parametrize(
    "incident, total, fires",
    [
        (date(2026, 9, 4), Decimal("2500.00"), True),  # the delivery day, at the amount
        (date(2026, 9, 6), Decimal("2500.00"), True),  # two days after delivery
        (date(2026, 9, 7), Decimal("2500.00"), False),  # three days after
        (date(2026, 9, 5), Decimal("2499.99"), False),  # just under the amount
    ],
)
def test_a_large_claim_right_after_delivery(incident, total, fires):
    claim = replace(CLAIM, incident_date=incident, claimed_total=total)

    finding = large_claim_soon_after_delivery(claim)

    assert (finding is not None) is fires
    if fires:
        assert (finding.code, finding.weight) == ("large_claim_soon_after_delivery", 0.3)
    assert large_claim_soon_after_delivery(replace(claim, delivered_at=None)) is None


@pytest.mark.parametrize(
    "price, total, fires",
    [
        (Decimal("10.00"), Decimal("2500.00"), True),  # exactly 250 times
        (Decimal("10.00"), Decimal("2499.99"), False),
        (Decimal("2.00"), Decimal("999.99"), False),  # far above, but under $1,000
        (Decimal("2.00"), Decimal("1000.00"), True),
        (Decimal("89.99"), Decimal("18000.00"), False),  # 200 times a heater: plausible
        (Decimal("89.99"), Decimal("250000.00"), True),
    ],
)
def test_an_amount_far_above_the_item_price_asks_for_review_not_denial(price, total, fires):
    finding = amount_far_above_item_price(replace(CLAIM, item_price=price, claimed_total=total))

    assert (finding is not None) is fires
    if fires:
        assert (finding.code, finding.weight, finding.denies) == (
            "amount_far_above_item_price",
            0.5,
            False,
        )
        assert "times the item's price" in finding.explanation


@pytest.mark.parametrize(
    "amounts, fires",
    [
        (("1000.00",), True),
        (("700.00", "300.00"), True),
        (("900.00",), False),  # under $1,000
        (("1000.50",), False),
        (("1200.00", "35.20"), False),  # one amount from a real bill
    ],
)
def test_round_amounts_is_a_weak_signal(amounts, fires):
    decimals = tuple(Decimal(amount) for amount in amounts)
    claim = replace(CLAIM, claimed_amounts=decimals, claimed_total=sum(decimals))

    finding = round_amounts(claim)

    assert (finding is not None) is fires
    if fires:
        assert (finding.code, finding.weight) == ("round_amounts", 0.15)


@pytest.mark.parametrize("score, fires", [(0.79, False), (0.8, True), (1.0, True)])
def test_a_narrative_nearly_identical_to_another_customers(score, fires):
    claim = replace(CLAIM, similar_narratives=(("CLM-ZZZZ", score), ("CLM-YYYY", 0.3)))

    finding = narrative_like_another_claim(claim)

    assert (finding is not None) is fires
    if fires:
        assert (finding.code, finding.weight) == ("similar_narrative", 0.5)
        assert finding.related == ("CLM-ZZZZ",)


# ---- the score -------------------------------------------------------------------------------


def test_the_fraud_score_combines_weights_and_stays_between_0_and_1():
    late_duplicate = replace(
        CLAIM,
        filed_at=datetime(2027, 3, 1, tzinfo=timezone.utc),
        standing_claims_on_item=("CLM-ABCDEF",),
    )

    screening = screen_claim(late_duplicate)

    assert [finding.code for finding in screening.findings] == ["late_filing", "duplicate"]
    assert screening.fraud_score == 0.46  # 1 - (1 - 0.1) * (1 - 0.4)


def test_weak_signals_add_up_and_strong_ones_stand_alone():
    weak = replace(
        CLAIM,
        claimed_total=Decimal("3000.00"),
        claimed_amounts=(Decimal("3000.00"),),
        incident_date=date(2026, 9, 5),
    )
    weak_screening = screen_claim(weak)
    strong = screen_claim(replace(CLAIM, claims_sharing_evidence=(AboutFile("EV-1", "CLM-XY"),)))

    assert [finding.code for finding in weak_screening.signals] == [
        "large_claim_soon_after_delivery",
        "round_amounts",
    ]
    assert weak_screening.fraud_score == 0.41  # 1 - 0.7 * 0.85, under the review threshold
    assert strong.fraud_score == 0.6


def test_a_finding_is_stored_with_its_detail_related_claims_and_files():
    files = (AboutFile("EV-1", "CLM-XY"),)
    finding = evidence_used_in_another_claim(replace(CLAIM, claims_sharing_evidence=files))

    assert finding.as_json() == {
        "code": "evidence_reused",
        "weight": 0.6,
        "denies": False,
        "detail": finding.explanation,
        "related": ["CLM-XY"],
        "files": [{"evidence_id": "EV-1", "other_reference": "CLM-XY"}],
    }


def test_a_new_rule_is_just_a_function():
    def nine_hundred(claim: ClaimUnderScreening) -> Finding | None:
        if claim.claimed_total == 900:
            return Finding("nine_hundred", 0.2, False, "The amount is 900.")
        return None

    screening = screen_claim(
        replace(CLAIM, claimed_total=Decimal("900.00")), (*RULES, nine_hundred)
    )

    assert [finding.code for finding in screening.findings] == ["nine_hundred"]
    assert screening.denials == ()
    assert screening.fraud_score == 0.2

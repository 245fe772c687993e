"""The claims policy as pure functions: limits, insurance, admissibility, decisions."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from backend.lifecycle import ClaimEventType, ClaimStatus, Outcome, Payer
from backend.policy import (
    CLAIM_CAP,
    CONCESSION_LIMIT,
    InsuranceCover,
    Losses,
    admissibility_problems,
    decide_claim,
    seller_insured_for,
)
from backend.screening import Finding, Screening

NOW = datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc)
DELIVERED = datetime(2026, 9, 4, 15, 0, tzinfo=timezone.utc)
CLEAN = Screening(findings=())


def cover(**changes) -> InsuranceCover:
    values = {
        "per_occurrence_limit": Decimal("1000000.00"),
        "additional_insured": True,
        "valid_from": date(2026, 1, 1),
        "valid_to": date(2027, 1, 1),
    }
    values.update(changes)
    return InsuranceCover(**values)


def losses(property_damage=None, medical_costs=None, lost_earnings=None) -> Losses:
    def amount(value):
        return None if value is None else Decimal(value)

    return Losses(amount(property_damage), amount(medical_costs), amount(lost_earnings))


def test_the_limits_are_the_published_ones():
    assert CONCESSION_LIMIT == Decimal("1000.00")
    assert CLAIM_CAP == Decimal("1000000.00")


def test_the_claimed_total_is_the_sum_of_covered_losses():
    assert losses("100.10", "200.20", "300.30").total == Decimal("600.60")
    assert losses(None, "5.00", None).total == Decimal("5.00")
    assert losses().total == Decimal("0.00")


@pytest.mark.parametrize(
    "incident, insured",
    [
        (date(2025, 12, 31), False),
        (date(2026, 1, 1), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), False),  # the renewal day belongs to the next policy
    ],
)
def test_insurance_is_in_force_from_its_first_day_until_its_end_day(incident, insured):
    assert seller_insured_for([cover()], incident) is insured


@pytest.mark.parametrize(
    "changes, valid",
    [
        ({"per_occurrence_limit": Decimal("1000000.00")}, True),
        ({"per_occurrence_limit": Decimal("999999.99")}, False),
        ({"additional_insured": False}, False),
    ],
)
def test_valid_insurance_covers_a_million_and_names_the_marketplace(changes, valid):
    assert seller_insured_for([cover(**changes)], date(2026, 6, 1)) is valid


def test_any_one_valid_policy_is_enough():
    old = cover(valid_from=date(2025, 1, 1), valid_to=date(2026, 1, 1))
    assert seller_insured_for([old, cover()], date(2026, 6, 1)) is True
    assert seller_insured_for([], date(2026, 6, 1)) is False


def codes(problems):
    return sorted(problem.code for problem in problems)


def test_an_ordinary_claim_is_admissible():
    assert admissibility_problems(date(2026, 10, 2), DELIVERED, losses("350.00"), NOW) == []


@pytest.mark.parametrize(
    "incident, delivered, expected",
    [
        (date(2026, 9, 3), DELIVERED, ["incident_before_delivery"]),
        (date(2026, 9, 4), DELIVERED, []),
        # Delivered at 02:00 UTC on 5 September is still 4 September in the Americas.
        (date(2026, 9, 4), datetime(2026, 9, 5, 2, 0, tzinfo=timezone.utc), []),
        (date(2026, 10, 1), None, ["incident_before_delivery"]),
        (date(2026, 10, 11), DELIVERED, []),
        (date(2026, 10, 12), DELIVERED, ["incident_in_future"]),
    ],
)
def test_incident_dates_fall_between_delivery_and_today(incident, delivered, expected):
    assert codes(admissibility_problems(incident, delivered, losses("10.00"), NOW)) == expected


@pytest.mark.parametrize(
    "claimed, expected",
    [
        (losses(), ["no_harm_reported"]),
        (losses("0.00", "0.00", "0.00"), ["no_harm_reported"]),
        (losses(None, "0.01"), []),
        (losses("1000000.00"), []),
        (losses("999999.99", "0.01", "0.01"), ["amount_over_limit"]),
    ],
)
def test_a_claim_asks_for_more_than_nothing_and_at_most_the_cap(claimed, expected):
    assert codes(admissibility_problems(date(2026, 10, 2), DELIVERED, claimed, NOW)) == expected


def decide(total, screening=CLEAN, insured=True):
    return decide_claim(Decimal(total), screening, insured, NOW, seller_response_days=7)


def test_under_1000_the_marketplace_pays_at_once():
    decision = decide("999.99")

    assert decision.status is ClaimStatus.CONCESSION_PAID
    assert decision.outcome is Outcome.CONCESSION
    assert decision.payer is Payer.MARKETPLACE
    assert decision.concession == Decimal("999.99")
    assert decision.odr_impact is False
    assert decision.seller_response_due is None
    assert decision.events == (ClaimEventType.CONCESSION_PAID, ClaimEventType.SELLER_NOTIFIED)
    assert "$999.99" in decision.explanation


def test_reimbursement_is_sought_only_from_uninsured_sellers():
    assert decide("10.00", insured=True).reimbursement_sought is False
    assert decide("10.00", insured=False).reimbursement_sought is True


def test_from_1000_the_seller_answers_within_seven_calendar_days():
    decision = decide("1000.00", insured=False)

    assert decision.status is ClaimStatus.AWAITING_SELLER
    assert decision.outcome is Outcome.ROUTED_TO_SELLER
    assert decision.payer is Payer.SELLER
    assert decision.concession is None
    assert decision.seller_response_due == NOW + timedelta(days=7)
    assert decision.events == (ClaimEventType.SELLER_NOTIFIED,)
    assert decision.reasons == ("valid", "at_or_over_concession_limit")


def test_a_routed_claim_notifies_an_insured_sellers_insurer():
    assert decide("5000.00", insured=True).events == (
        ClaimEventType.SELLER_NOTIFIED,
        ClaimEventType.INSURER_NOTIFIED,
    )


def test_a_denying_finding_denies_whatever_the_amount():
    screening = Screening(
        (Finding("late_filing", 0.1, True, "Too late."), Finding("odd", 0.5, False, "Hm."))
    )

    decision = decide("50.00", screening)

    assert decision.status is ClaimStatus.DENIED
    assert decision.outcome is Outcome.DENIED
    assert decision.payer is None
    assert decision.concession is None
    assert decision.reasons == ("late_filing",)
    assert decision.fraud_score == 0.55
    assert decision.events == (ClaimEventType.DENIED,)
    assert "Too late." in decision.explanation

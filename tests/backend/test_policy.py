"""The claims policy as pure functions: limits, insurance, admissibility, decisions."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from backend.openapi import openapi_document
from backend.policy.decision import decide_claim
from backend.policy.filing import (
    COVERED_LOSSES,
    UNCOVERED_LOSSES,
    Losses,
    admissibility_problems,
)
from backend.policy.insurance import InsuranceCover, seller_insured_for
from backend.policy.lifecycle import ClaimEventType, ClaimStatus, Outcome, Payer
from backend.policy.parameters import PolicyParameters
from backend.screening import Finding, Screening

NOW = datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc)
DELIVERED = datetime(2026, 9, 4, 15, 0, tzinfo=timezone.utc)
CLEAN = Screening(findings=())
PARAMS = PolicyParameters()
CLAIM_CAP = PARAMS.claim_cap
CONCESSION_LIMIT = PARAMS.concession_limit
REVIEW_DAYS = PARAMS.review_days
REVIEW_THRESHOLD = PARAMS.review_threshold


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
    assert seller_insured_for([cover()], incident, PARAMS) is insured


@pytest.mark.parametrize(
    "changes, valid",
    [
        ({"per_occurrence_limit": Decimal("1000000.00")}, True),
        ({"per_occurrence_limit": Decimal("999999.99")}, False),
        ({"additional_insured": False}, False),
    ],
)
def test_valid_insurance_covers_a_million_and_names_the_marketplace(changes, valid):
    assert seller_insured_for([cover(**changes)], date(2026, 6, 1), PARAMS) is valid


def test_any_one_valid_policy_is_enough():
    old = cover(valid_from=date(2025, 1, 1), valid_to=date(2026, 1, 1))
    assert seller_insured_for([old, cover()], date(2026, 6, 1), PARAMS) is True
    assert seller_insured_for([], date(2026, 6, 1), PARAMS) is False


def codes(problems):
    return sorted(problem.code for problem in problems)


def test_an_ordinary_claim_is_admissible():
    assert admissibility_problems(date(2026, 10, 2), DELIVERED, losses("350.00"), NOW, PARAMS) == []


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
    assert (
        codes(admissibility_problems(incident, delivered, losses("10.00"), NOW, PARAMS)) == expected
    )


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
    assert (
        codes(admissibility_problems(date(2026, 10, 2), DELIVERED, claimed, NOW, PARAMS))
        == expected
    )


def decide(total, screening=CLEAN, insured=True):
    return decide_claim(Decimal(total), screening, insured, NOW, params=PARAMS)


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


def signals(*weights: float) -> Screening:
    return Screening(
        tuple(
            Finding(f"signal_{index}", weight, False, "Seen.")
            for index, weight in enumerate(weights)
        )
    )


@pytest.mark.parametrize(
    "screening, reviewed",
    [
        (signals(0.49), False),
        (signals(0.5), True),
        (signals(0.3, 0.15), False),  # 0.41
        (signals(0.3, 0.3), True),  # 0.51
    ],
)
@pytest.mark.parametrize("amount", ["50.00", "999.99", "1000.00", "250000.00"])
def test_a_fraud_score_of_half_or_more_sends_any_claim_to_review(screening, reviewed, amount):
    decision = decide(amount, screening)

    if not reviewed:
        assert decision.status in (ClaimStatus.CONCESSION_PAID, ClaimStatus.AWAITING_SELLER)
        return
    assert decision.status is ClaimStatus.UNDER_REVIEW
    assert decision.outcome is Outcome.UNDER_REVIEW
    assert (decision.payer, decision.concession, decision.seller_response_due) == (None, None, None)
    assert decision.reimbursement_sought is decision.odr_impact is False
    assert decision.reasons == ("referred_for_review", *(f.code for f in screening.findings))
    assert decision.events == (ClaimEventType.REFERRED_FOR_REVIEW,)
    assert f"within {REVIEW_DAYS} days" in decision.explanation


def test_a_policy_denial_wins_over_review():
    screening = Screening(
        (Finding("duplicate", 0.4, True, "Already open."), Finding("odd", 0.9, False, "Hm."))
    )

    assert decide("50.00", screening).status is ClaimStatus.DENIED


def test_uncovered_losses_are_named_but_not_paid():
    decision = decide_claim(
        total=Decimal("350.00"),
        screening=CLEAN,
        seller_insured=True,
        now=NOW,
        params=PARAMS,
        uncovered=Decimal("5000.00"),
    )

    assert decision.concession == Decimal("350.00")
    assert decision.reasons[-1] == "uncovered_losses_excluded"
    assert "$5,000.00" in decision.explanation


def test_only_uncovered_losses_are_admissible_and_left_to_the_not_covered_rule():
    only_pain = Losses(None, None, None, uncovered=Decimal("800.00"))

    assert only_pain.total == Decimal("0.00")
    assert admissibility_problems(date(2026, 10, 2), DELIVERED, only_pain, NOW, PARAMS) == []
    assert REVIEW_THRESHOLD == 0.5


def test_the_contract_lists_exactly_the_uncovered_kinds_of_loss():
    schema = openapi_document()["components"]["schemas"]["UncoveredLoss"]

    assert tuple(schema["properties"]["kind"]["enum"]) == UNCOVERED_LOSSES
    assert not set(UNCOVERED_LOSSES) & set(COVERED_LOSSES)

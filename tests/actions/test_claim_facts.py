"""What one message changes in the claim being filled in (actions/claim_facts.py): pure
functions over a message (read once by actions/message_facts.py, with the question asked) and
the claim's answers so far."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from actions.claim_facts import ClaimUpdate, claim_update, describe
from actions.message_facts import facts_in_message

WEDNESDAY = date(2026, 11, 25)
EMPTY: dict[str, object] = {}
ANSWERED = {
    "order_id": "112-1234567-1234567",
    "customer_email": "dana@example.com",
    "incident_date": "2026-11-03",
    "harm_kind": "property",
    "defect_description": "the cord melted",
    "property_damage_description": "rug",
    "property_damage_amount": "350.00",
}


def update(text: str, answers: dict[str, Any], asked: str | None, **options: Any) -> ClaimUpdate:
    """What `text`, said while `asked` is the open question, changes in `answers`."""
    facts = facts_in_message(text, [], WEDNESDAY, asked=asked)
    return claim_update(facts, answers, asked, text, **options)


def test_everything_in_one_message_fills_every_slot_it_carries() -> None:
    text = (
        "order 112-4455667-1234567, the kettle's base melted on the 3rd and burned my "
        "counter, around $300 to fix"
    )
    story = "the kettle's base melted on the 3rd and burned my counter, around $300 to fix"
    assert update(text, EMPTY, None).candidates == {
        "order_id": "112-4455667-1234567",
        "incident_date": date(2026, 11, 3),
        "property_damage_amount": Decimal("300.00"),
        "harm_kind": "property",
        "defect_description": f"order 112-4455667-1234567, {story}",
        "property_damage_description": f"order 112-4455667-1234567, {story}",
        "mentioned_item": "kettle",
    }


def test_greetings_and_requests_to_file_are_not_the_account() -> None:
    text = "Hi there! I'd like to make a claim. My kettle leaked and burned the counter."
    found = update(text, EMPTY, None).candidates
    assert found["defect_description"] == "My kettle leaked and burned the counter."
    # Nothing but a request to file: the defect question stays open.
    assert update(
        "Hello, I want to file a claim please", EMPTY, "defect_description"
    ).candidates == {"defect_description": ""}


def test_as_said_above_is_the_account_given_earlier() -> None:
    answers = {**ANSWERED, "property_damage_description": None}
    candidates = update("as I said above", answers, "property_damage_description").candidates
    assert candidates == {"property_damage_description": "the cord melted"}


def test_a_short_message_is_no_account_of_what_happened() -> None:
    assert update("burned me", EMPTY, None).candidates == {"harm_kind": "injury"}


def test_an_answer_already_given_is_not_replaced_without_a_correction() -> None:
    found = update("it happened on the 4th", ANSWERED, "evidence_provided")
    assert found.candidates == {} and found.corrected == ()


def test_a_correction_replaces_the_answer_and_the_pending_question_is_asked_again() -> None:
    found = update("no, the 4th", ANSWERED, "evidence_provided")
    assert found.candidates == {"incident_date": date(2026, 11, 4)}
    assert found.corrected == ("incident_date",)
    assert found.drop_text_answer


def test_a_day_of_the_month_said_while_an_amount_is_asked_is_a_date() -> None:
    answers = {**ANSWERED, "property_damage_amount": None}
    found = update("my mistake, it happened on the 19th", answers, "property_damage_amount")
    assert found.candidates == {"incident_date": date(2026, 11, 19)}
    assert found.drop_text_answer


def test_a_correction_names_the_amount_it_changes() -> None:
    answers = {**ANSWERED, "harm_kind": "both", "property_damage_amount": "390.00"}
    found = update("oh wait, the repair was $410, not $390", answers, "injury_treatment")
    assert found.candidates == {"property_damage_amount": Decimal("410.00")}
    assert found.corrected == ("property_damage_amount",) and found.drop_text_answer
    answers["medical_costs"] = "50.00"
    found = update("sorry, it was $410, not $390", answers, "lost_earnings")
    assert found.candidates == {"property_damage_amount": Decimal("410.00")}


def test_an_amount_correction_that_could_be_several_answers_is_asked() -> None:
    answered = {**ANSWERED, "harm_kind": "both", "medical_costs": "120.00"}
    found = update("actually it was $450", answered, "lost_earnings")
    assert found.candidates == {} and found.drop_text_answer
    assert found.doubt and "property damage cost or medical costs" in found.doubt


def test_an_amount_correction_without_a_clue_is_about_the_only_amount() -> None:
    found = update("actually it was $450", ANSWERED, "evidence_provided")
    assert found.candidates == {"property_damage_amount": Decimal("450.00")}
    assert found.corrected == ("property_damage_amount",)


def test_the_amount_asked_takes_a_bare_number_and_none() -> None:
    injured = {"harm_kind": "injury"}
    assert update("75.50", injured, "medical_costs").candidates == {
        "medical_costs": Decimal("75.50")
    }
    for none in ("none", "zero, I kept working", "nothing, it was covered", "$0", "nope"):
        assert update(none, injured, "lost_earnings").candidates["lost_earnings"] == 0, none


def test_numbers_that_measure_something_else_are_not_amounts() -> None:
    found = update("the 6 qt cooker, it cost 120 to fix", {}, "property_damage_amount")
    assert found.candidates["property_damage_amount"] == Decimal("120.00")
    assert (
        "property_damage_amount"
        not in update("my 1500W heater", {}, "property_damage_amount").candidates
    )


def test_a_range_is_asked_again_not_guessed() -> None:
    for text in ("between $300 and $400", "$300-400", "300 to 400 dollars"):
        found = update(text, {"harm_kind": "property"}, "property_damage_amount")
        assert "property_damage_amount" not in found.candidates, text
        assert found.doubt and found.drop_text_answer, text


def test_an_amount_without_a_clue_is_not_guessed_otherwise() -> None:
    assert update("it was $90", EMPTY, "incident_date").candidates == {}


def test_a_ruled_out_harm_is_forgotten() -> None:
    both = {**ANSWERED, "harm_kind": "both", "injury_description": "my hand"}
    found = update("nobody got hurt", both, "injury_treatment")
    assert found.candidates == {"harm_kind": "property"}
    assert "injury_description" in found.cleared and found.drop_text_answer
    found = update("nothing else broke, it was only my arm", both, "evidence_provided")
    assert found.candidates["harm_kind"] == "injury"
    assert "property_damage_amount" in found.cleared
    # Said to the repair question, it is no $0 repair: the question goes away.
    found = update("nothing else broke, it was only my arm", both, "property_damage_amount")
    assert found.candidates == {"harm_kind": "injury"} and found.drop_text_answer


def test_property_words_are_not_an_injury() -> None:
    for text in ("there's a burn mark on the carpet", "it scorched the cabinet badly"):
        assert update(text, EMPTY, None).candidates["harm_kind"] == "property", text


def test_at_the_summary_a_different_value_is_a_change() -> None:
    found = update("the repair is $400", ANSWERED, "claim_confirmed")
    assert found.candidates == {"property_damage_amount": Decimal("400.00")}
    assert found.corrected == ("property_damage_amount",)
    assert found.drop_text_answer


def test_the_same_value_again_is_no_change() -> None:
    found = update("actually $350", ANSWERED, "claim_confirmed")
    assert found.candidates == {} and found.corrected == ()


def test_an_answer_out_of_order_leaves_the_question_asked_open() -> None:
    found = update("dana@example.com", {"order_id": None}, "order_id")
    assert found.candidates == {"customer_email": "dana@example.com"}
    assert found.drop_text_answer


def test_a_description_answer_is_kept_even_when_it_names_other_facts() -> None:
    text = "scorched the rug and burned my hand"
    found = update(
        text, {**ANSWERED, "property_damage_description": None}, "property_damage_description"
    )
    # The harm grows to both; the injury is described by the same words.
    assert found.candidates == {
        "property_damage_description": text,
        "harm_kind": "both",
        "injury_description": text,
    }
    assert not found.drop_text_answer


def test_the_item_named_is_picked_from_the_order() -> None:
    found = update("the charger", EMPTY, "claim_sku", item_for=lambda products: "B0CHRGR65W")
    assert found.candidates == {"claim_sku": "B0CHRGR65W", "mentioned_item": "charger"}


def test_values_are_described_in_the_customers_words() -> None:
    assert describe("incident_date", "2026-11-04") == "November 4, 2026"
    assert describe("property_damage_amount", "450.00") == "$450.00"
    assert describe("injury_treatment", "emergency_room") == "emergency room"
    assert describe("claim_sku", "B0KETTLE22", {"B0KETTLE22": "Electric kettle"}) == (
        "Electric kettle"
    )


def test_a_correction_with_nothing_to_correct_answers_the_amount_asked() -> None:
    found = update("sorry, it was $300", {"harm_kind": "property"}, "property_damage_amount")
    assert found.candidates == {"property_damage_amount": Decimal("300.00")}


def test_a_correction_that_says_no_new_value_is_asked_about() -> None:
    found = update("wait, that's wrong", {**ANSWERED, "harm_kind": "both"}, "medical_costs")
    assert found.candidates == {} and found.drop_text_answer
    assert found.doubt and "what should I change" in found.doubt


def test_what_the_product_did_is_the_defect_even_before_any_harm() -> None:
    found = update("My power bank overheated and swelled up last night", EMPTY, None).candidates
    assert found["defect_description"] == "My power bank overheated and swelled up last night"
    assert (
        "defect_description"
        not in update("I bought a power bank last month", EMPTY, None).candidates
    )


def test_ruling_out_the_only_harm_told_leaves_the_other() -> None:
    assert update("just the curtains, nobody was hurt", EMPTY, "harm_kind").candidates == {
        "harm_kind": "property"
    }
    injured = {**ANSWERED, "harm_kind": "injury", "injury_description": "x"}
    found = update("nobody got hurt", injured, "injury_treatment")
    assert found.candidates["harm_kind"] == "property" and found.drop_text_answer
    assert "injury_description" in found.cleared


@pytest.mark.parametrize(
    "text, asked",
    [
        ("that part doesn't apply", "property_damage_amount"),
        ("not applicable", "property_damage_description"),
        ("n/a", "property_damage_description"),
        ("that does not apply to me", "property_damage_amount"),
    ],
)
def test_a_question_about_a_harm_that_does_not_apply_rules_it_out(text: str, asked: str) -> None:
    both = {**ANSWERED, "harm_kind": "both", "injury_description": "I burned my hand"}
    found = update(text, both, asked)
    assert found.candidates["harm_kind"] == "injury"
    assert "property_damage_amount" in found.cleared and found.drop_text_answer


def test_none_to_an_amount_is_zero_not_a_harm_ruled_out() -> None:
    both = {**ANSWERED, "harm_kind": "both", "property_damage_description": "the rug burned"}
    found = update("n/a", both, "property_damage_amount")
    assert found.candidates == {"property_damage_amount": Decimal("0.00")}

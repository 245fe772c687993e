"""What one message changes in the claim being filled in (actions/claim_facts.py): pure
functions over a message's facts and the claim's answers so far."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from actions.claim_facts import claim_update, describe
from actions.message_facts import MessageFacts

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


def test_everything_in_one_message_fills_every_slot_it_carries() -> None:
    text = (
        "order 112-4455667-1234567, the kettle's base melted on the 3rd and burned my "
        "counter, around $300 to fix"
    )
    facts = MessageFacts(
        order_id="112-4455667-1234567",
        incident_date=date(2026, 11, 3),
        property_damage_amount=Decimal(300),
        harm_kinds=frozenset({"property_damage"}),
        products=("kettle",),
    )
    update = claim_update(facts, EMPTY, None, text)
    assert update.candidates == {
        "order_id": "112-4455667-1234567",
        "incident_date": "2026-11-03",
        "property_damage_amount": "$300",
        "harm_kind": "property",
        "defect_description": text,
        "property_damage_description": text,
        "mentioned_item": "kettle",
    }
    assert update.corrected == () and not update.drop_text_answer


def test_a_short_message_is_no_account_of_what_happened() -> None:
    facts = MessageFacts(harm_kinds=frozenset({"injury"}))
    update = claim_update(facts, EMPTY, None, "burned me")
    assert update.candidates == {"harm_kind": "injury"}


def test_an_answer_already_given_is_not_replaced_without_a_correction() -> None:
    facts = MessageFacts(incident_date=date(2026, 11, 4))
    update = claim_update(facts, ANSWERED, "evidence_provided", "it happened on the 4th")
    assert update.candidates == {} and update.corrected == ()


def test_a_correction_replaces_the_answer_and_the_pending_question_is_asked_again() -> None:
    facts = MessageFacts(incident_date=date(2026, 11, 4), is_correction=True)
    update = claim_update(facts, ANSWERED, "evidence_provided", "no, the 4th")
    assert update.candidates == {"incident_date": "2026-11-04"}
    assert update.corrected == ("incident_date",)
    assert update.drop_text_answer


def test_an_amount_correction_without_a_clue_is_about_the_last_amount_answered() -> None:
    answered = {**ANSWERED, "harm_kind": "both", "medical_costs": "120.00"}
    facts = MessageFacts(unassigned_amount=Decimal(450), is_correction=True)
    update = claim_update(
        facts,
        answered,
        "lost_earnings",
        "actually it was $450",
        last_amount_slot="property_damage_amount",
    )
    assert update.candidates == {"property_damage_amount": "$450"}
    assert update.corrected == ("property_damage_amount",)


def test_an_amount_without_a_clue_is_left_to_the_amount_question() -> None:
    facts = MessageFacts(unassigned_amount=Decimal("75.50"))
    update = claim_update(facts, {"harm_kind": "injury"}, "medical_costs", "75.50")
    assert update.candidates == {}
    assert not update.drop_text_answer


def test_an_amount_without_a_clue_is_not_guessed_otherwise() -> None:
    facts = MessageFacts(unassigned_amount=Decimal(90))
    assert claim_update(facts, EMPTY, "incident_date", "it was $90").candidates == {}


def test_at_the_summary_a_different_value_is_a_change() -> None:
    facts = MessageFacts(property_damage_amount=Decimal(400))
    update = claim_update(facts, ANSWERED, "claim_confirmed", "the repair is $400")
    assert update.candidates == {"property_damage_amount": "$400"}
    assert update.corrected == ("property_damage_amount",)
    assert update.drop_text_answer


def test_the_same_value_again_is_no_change() -> None:
    facts = MessageFacts(property_damage_amount=Decimal(350), is_correction=True)
    update = claim_update(facts, ANSWERED, "claim_confirmed", "actually $350")
    assert update.candidates == {} and update.corrected == ()


def test_an_answer_out_of_order_leaves_the_question_asked_open() -> None:
    facts = MessageFacts(customer_email="dana@example.com")
    update = claim_update(facts, {"order_id": None}, "order_id", "dana@example.com")
    assert update.candidates == {"customer_email": "dana@example.com"}
    assert update.drop_text_answer


def test_a_description_answer_is_kept_even_when_it_names_other_facts() -> None:
    facts = MessageFacts(harm_kinds=frozenset({"property_damage", "injury"}), body_parts=("hand",))
    text = "scorched the rug and burned my hand"
    update = claim_update(
        facts,
        {**ANSWERED, "property_damage_description": None},
        "property_damage_description",
        text,
    )
    # The harm grows to both; the injury is described by the same words.
    assert update.candidates == {"harm_kind": "both", "injury_description": text}
    assert not update.drop_text_answer


def test_the_item_named_is_picked_from_the_order() -> None:
    facts = MessageFacts(products=("charger",))
    update = claim_update(
        facts, EMPTY, "claim_sku", "the charger", item_for=lambda products: "B0CHRGR65W"
    )
    assert update.candidates == {"claim_sku": "B0CHRGR65W", "mentioned_item": "charger"}


def test_values_are_described_in_the_customers_words() -> None:
    assert describe("incident_date", "2026-11-04") == "November 4, 2026"
    assert describe("property_damage_amount", "450.00") == "$450.00"
    assert describe("injury_treatment", "emergency_room") == "emergency room"
    assert describe("claim_sku", "B0KETTLE22", {"B0KETTLE22": "Electric kettle"}) == (
        "Electric kettle"
    )

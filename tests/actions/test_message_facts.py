"""Every claim fact one customer message carries: the interface the dialogue builds on."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal

import pytest

from actions.message_facts import MessageFacts, facts_in_message
from actions.parsing import TREATMENT_LEVELS, parse_treatment
from bot.entity_patterns import TREATMENT_PHRASES
from bot.spacy_pipeline import entities_in

WEDNESDAY = date(2026, 11, 25)


def facts(text: str) -> MessageFacts:
    """Facts of raw text, as when Rasa reported no entities."""
    return facts_in_message(text, [], WEDNESDAY)


def test_a_message_with_everything_at_once() -> None:
    text = (
        "order 112-4455667-1234567, the kettle's base melted on the 3rd and burned my counter, "
        "around $300 to fix"
    )
    found = facts(text)
    assert found.order_id == "112-4455667-1234567"
    assert found.incident_date == date(2026, 11, 3)
    assert found.property_damage_amount == Decimal("300.00")
    assert found.harm_kinds == frozenset({"property_damage"})
    assert found.products == ("kettle",)
    assert found.medical_costs is None and found.unassigned_amount is None
    assert not (found.emergency or found.non_economic or found.is_correction)


def test_rasa_entities_and_raw_text_give_the_same_facts() -> None:
    text = "my email is Dana@Example.com, the heater burned my hand 2 days ago, ER bill was $850"
    assert facts_in_message(text, entities_in(text), WEDNESDAY) == facts(text)


def test_rasa_entities_win_over_the_text() -> None:
    # Rasa's synonym mapper may have changed a value; the entity's value is the one used.
    text = "went to the A&E"
    entities = [{"entity": "TREATMENT", "value": "hospitalized", "start": 12, "end": 15}]
    assert facts_in_message(text, entities, WEDNESDAY).injury_treatment == "hospitalized"


def test_entities_without_offsets_are_found_in_the_text() -> None:
    entities = [{"entity": "MONEY", "value": "$120"}]
    found = facts_in_message("the copay was $120", entities, WEDNESDAY)
    assert found.medical_costs == Decimal("120.00")


def test_an_ordinal_day_ahead_of_today_is_last_month() -> None:
    assert facts("it happened on the 28th").incident_date == date(2026, 10, 28)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("it caught fire last Tuesday", date(2026, 11, 24)),
        ("two weeks ago the charger melted", date(2026, 11, 11)),
        ("yesterday", date(2026, 11, 24)),
        ("it was Oct 2", date(2026, 10, 2)),
        ("on 10/02/2026", date(2026, 10, 2)),
        ("3 days ago", date(2026, 11, 22)),
        ("this morning it sparked", WEDNESDAY),
        ("2026-10-02", date(2026, 10, 2)),
    ],
)
def test_incident_dates(text: str, day: date) -> None:
    assert facts(text).incident_date == day


def test_the_purchase_date_is_not_the_incident_date() -> None:
    found = facts("I bought it on Oct 2 and it exploded yesterday")
    assert found.incident_date == date(2026, 11, 24)
    assert facts("I ordered it on Oct 2").incident_date is None


@pytest.mark.parametrize(
    ("text", "field", "amount"),
    [
        ("$1.2k to repair the floor", "property_damage_amount", "1200.00"),
        ("replacing the rug was 1,200 dollars", "property_damage_amount", "1200.00"),
        ("the urgent care copay was about 300 bucks", "medical_costs", "300.00"),
        ("450$ in lost wages", "lost_earnings", "450.00"),
        ("I missed two shifts, USD 300", "lost_earnings", "300.00"),
        ("missed 2 days of work which is about $400", "lost_earnings", "400.00"),
        ("the hospital bill came to $85.50", "medical_costs", "85.50"),
        ("it was 300 usd", "unassigned_amount", "300.00"),
        ("two hundred dollars to fix the table", "property_damage_amount", "200.00"),
        ("it was 450", "unassigned_amount", "450.00"),
    ],
)
def test_amounts_go_to_the_loss_nearby_words_name(text: str, field: str, amount: str) -> None:
    found = facts(text)
    assert getattr(found, field) == Decimal(amount)
    others = {"property_damage_amount", "medical_costs", "lost_earnings", "unassigned_amount"}
    assert all(getattr(found, other) is None for other in others - {field})


def test_several_losses_in_one_message() -> None:
    found = facts(
        "I spent $200 at the ER, missed 3 shifts which is $450 of pay, and the rug is ruined, "
        "$300 to replace"
    )
    assert found.medical_costs == Decimal("200.00")
    assert found.lost_earnings == Decimal("450.00")
    assert found.property_damage_amount == Decimal("300.00")
    assert found.harm_kinds == frozenset({"property_damage", "injury"})


def test_amounts_for_the_same_loss_add_up() -> None:
    found = facts("$300 to replace the rug and $50 to repair the wall")
    assert found.property_damage_amount == Decimal("350.00")


def test_the_product_price_is_not_a_loss() -> None:
    found = facts("the $89 heater burned my rug, $300 to replace")
    assert found.property_damage_amount == Decimal("300.00")
    assert found.unassigned_amount is None


def test_numbers_that_are_not_money_stay_out() -> None:
    found = facts("I missed 2 shifts, it was 3 days ago, order 112-1234567-1234567")
    assert found.unassigned_amount is None and found.lost_earnings is None


def test_amounts_are_exact_decimals() -> None:
    found = facts("the bill was $0.10 plus $0.20 for the copay")
    assert found.medical_costs == Decimal("0.30")
    assert isinstance(found.medical_costs, Decimal)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("went to urgent care", "doctor"),
        ("I went to the ER", "emergency_room"),
        ("put ice on it", "first_aid"),
        ("saw my GP the next day", "doctor"),
        ("she was admitted for two nights", "hospitalized"),
        ("needed stitches", "doctor"),
        ("a band-aid and then the hospital", "emergency_room"),
        ("I didn't go to the ER, just put ice on it", "first_aid"),
        ("I didn't see a doctor", "none"),
        ("it didn't need any treatment", "none"),
        ("er, I'm not sure", None),
    ],
)
def test_treatment_in_everyday_words(text: str, level: str | None) -> None:
    assert facts(text).injury_treatment == level


@pytest.mark.parametrize("phrase", [*TREATMENT_PHRASES, "ER"])
def test_every_treatment_the_rules_find_has_a_level(phrase: str) -> None:
    assert parse_treatment(phrase) in TREATMENT_LEVELS


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("the heater burned my hand", {"injury"}),
        ("the charger scorched my desk", {"property_damage"}),
        ("it set my kitchen on fire and I burned my arm", {"property_damage", "injury"}),
        ("the blender cut me", {"injury"}),
        ("my son got burned", {"injury"}),
        ("no one was hurt but the sofa is ruined", {"property_damage"}),
        ("the kettle arrived damaged", set()),
        ("my hand mixer stopped working", set()),
        ("hello", set()),
    ],
)
def test_kinds_of_harm(text: str, kinds: set[str]) -> None:
    assert facts(text).harm_kinds == frozenset(kinds)


def test_body_parts_and_products() -> None:
    found = facts("my hand mixer sparked and burned my son's left hand and my arm")
    assert found.products == ("hand mixer",)
    assert found.body_parts == ("left hand", "arm")
    assert facts("the back of the heater melted").body_parts == ()


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("status of CLM-7K3Q9X please", "CLM-7K3Q9X"),
        ("any news on clm-7k3q9x?", "CLM-7K3Q9X"),
        ("CLM-ABCD.", "CLM-ABCD"),
        # whole even when it ends like a quantity ("3M": three metres to spaCy's tokenizer)
        ("what's the status of CLM-JEYZ3M?", "CLM-JEYZ3M"),
        ("it's CLM-AB3K.", "CLM-AB3K"),
        ("ref clm - 9x2l5g, thanks", "CLM-9X2L5G"),
        ("CLM7K3Q9X", "CLM-7K3Q9X"),
        ("CLM-12", None),
        ("CLM-ABCDEFGHIJKLM", None),
        ("the XCLM-ABCD code", None),
        ("CLM please", None),
    ],
)
def test_claim_references_are_upper_cased(text: str, reference: str | None) -> None:
    assert facts(text).claim_reference == reference


def test_email() -> None:
    assert facts("it's Dana.R@Example.COM").customer_email == "Dana.R@example.com"


@pytest.mark.parametrize(
    ("text", "non_economic"),
    [
        ("I also want money for pain and suffering", True),
        ("I want punitive damages", True),
        ("and something for the emotional distress", True),
        ("it was a painful burn", False),
    ],
)
def test_non_economic_damages(text: str, non_economic: bool) -> None:
    assert facts(text).non_economic is non_economic


@pytest.mark.parametrize(
    ("text", "emergency"),
    [
        ("the house is on fire right now", True),
        ("help, he can't breathe", True),
        ("the charger is still burning", True),
        ("my daughter is unconscious", True),
        ("it won't stop bleeding", True),
        ("the heater is smoking right now", True),
        ("the heater caught fire last week", False),
        ("the toaster was smoking yesterday", False),
        ("I couldn't sleep because of the burn", False),
        ("my baby nearly choked on a piece", False),
    ],
)
def test_ongoing_emergencies(text: str, emergency: bool) -> None:
    assert facts(text).emergency is emergency


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("actually it was $450", True),
        ("no, the 4th", True),
        ("sorry, I meant Oct 2", True),
        ("wait, it was my left hand", True),
        ("no", False),
        ("no thanks", False),
        ("no injuries, just the floor, 1.2k to fix", False),
        ("no it was the 4th", True),
        ("it was $450", False),
    ],
)
def test_corrections(text: str, correction: bool) -> None:
    assert facts(text).is_correction is correction


def test_a_correction_carries_the_new_value_not_the_old_one() -> None:
    found = facts("actually it was $450, not $400")
    assert found.unassigned_amount == Decimal("450.00")
    assert facts("no, the 4th").incident_date == date(2026, 11, 4)


def test_an_empty_message_carries_nothing() -> None:
    assert facts("") == MessageFacts()
    assert facts_in_message("hi there", [], WEDNESDAY) == MessageFacts()


def test_facts_are_immutable() -> None:
    with pytest.raises(FrozenInstanceError):
        facts("yesterday").incident_date = None  # type: ignore[misc]


# ---- read with the question asked ------------------------------------------------------------


def asked(text: str, slot: str) -> MessageFacts:
    """Facts of `text` said as the answer to the question for `slot`."""
    return facts_in_message(text, [], WEDNESDAY, asked=slot)


@pytest.mark.parametrize(
    "text",
    [
        "none",
        "zero, I kept working",
        "nothing, it was covered by my insurance",
        "$0",
        "nope",
        "I didn't lose any pay",
        "no lost wages",
        "nothing at all",
    ],
)
def test_nothing_lost_is_zero_for_the_amount_asked(text: str) -> None:
    assert asked(text, "lost_earnings").lost_earnings == Decimal("0.00")


def test_nothing_lost_said_unasked_is_zero_for_the_loss_it_names() -> None:
    assert facts("I didn't miss any work").lost_earnings == Decimal("0.00")
    assert facts("nothing").lost_earnings is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("350", "350.00"),
        ("it came to 350.00", "350.00"),
        ("around 450, sorry for the wait", "450.00"),
        ("my 6 qt cooker, the bill was 120", "120.00"),
        ("2 nights in hospital and 3200 in bills", "3200.00"),
    ],
)
def test_a_bare_number_answers_the_amount_asked(text: str, amount: str) -> None:
    assert asked(text, "medical_costs").medical_costs == Decimal(amount)


@pytest.mark.parametrize(
    "text", ["my 6 qt cooker", "the 1500W heater", "model 200", "the X200", "for 2 nights"]
)
def test_sizes_counts_and_model_numbers_are_not_amounts(text: str) -> None:
    found = asked(text, "property_damage_amount")
    assert found.property_damage_amount is None and found.unassigned_amount is None


def test_a_day_of_the_month_is_never_money() -> None:
    found = asked("my mistake, it happened on the 19th", "property_damage_amount")
    assert found.property_damage_amount is None
    assert found.incident_date == date(2026, 11, 19) and found.is_correction


@pytest.mark.parametrize(
    "text", ["between $300 and $400", "$300-400", "300 to 400 dollars", "300 or maybe 350"]
)
def test_a_range_or_several_amounts_is_a_doubt_not_a_sum(text: str) -> None:
    found = asked(text, "property_damage_amount")
    assert found.property_damage_amount is None
    assert found.doubt and "total" in found.doubt


def test_a_correction_names_the_old_value() -> None:
    found = facts("oh wait, the repair was $410, not $390")
    assert found.is_correction
    assert found.property_damage_amount == Decimal("410.00")
    assert found.replaced_amounts == (Decimal("390.00"),)


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("sorry for the long message, it was $300", False),
        ("sorry, it was $300", True),
        ("hold on, it was the 4th", True),
        ("change the date to the 4th", True),
    ],
)
def test_apologies_are_not_corrections(text: str, correction: bool) -> None:
    assert facts(text).is_correction is correction


@pytest.mark.parametrize(
    ("text", "kinds", "ruled_out"),
    [
        ("nobody got hurt", set(), {"injury"}),
        ("nothing else broke, it was only my arm", {"injury"}, {"property_damage"}),
        ("it burned the rug, nobody was hurt", {"property_damage"}, {"injury"}),
        ("there's a burn mark on the carpet", {"property_damage"}, set()),
        ("it scorched the cabinet", {"property_damage"}, set()),
        ("I got a nasty burn", {"injury"}, set()),
        ("my air fryer cought fire and brunt the kitchn counter", {"property_damage"}, set()),
        ("the power bank melted my backpack", {"property_damage"}, set()),
        ("it melted the plug", set(), set()),
        (
            "it left a black straek on the wall and I burned my wrsit",
            {"property_damage", "injury"},
            set(),
        ),
        ("it left a charred edge on the curtains", {"property_damage"}, set()),
        ("there is a burn mark on my arm", {"injury"}, set()),
    ],
)
def test_harms_told_and_ruled_out(text: str, kinds: set[str], ruled_out: set[str]) -> None:
    found = facts(text)
    assert found.harm_kinds == frozenset(kinds)
    assert found.ruled_out_harms == frozenset(ruled_out)


def test_a_hospital_stay_is_told_in_a_phrase() -> None:
    assert facts("I was in hospital for 2 nights").injury_treatment == "hospitalized"
    assert asked("iced it, that's all", "injury_treatment").injury_treatment == "first_aid"


@pytest.mark.parametrize(
    ("text", "story"),
    [
        (
            "Hi there! I'd like to make a claim. My kettle leaked and burned the counter.",
            "My kettle leaked and burned the counter.",
        ),
        (
            "my heater caught fire and scorched the rug, how do I file a claim?",
            "my heater caught fire and scorched the rug",
        ),
        ("Hello, I want to file a claim please", None),
        (
            "My power bank overheated and melted my backpack. What's the process for this?",
            "My power bank overheated and melted my backpack.",
        ),
        ("ugh, this stressed me out. The cord melted and sparked.", "The cord melted and sparked."),
        (
            "order 112-1234567-1234567. the lamp shorted and burned my desk",
            "the lamp shorted and burned my desk",
        ),
    ],
)
def test_the_story_is_the_customers_words_without_chatter(text: str, story: str | None) -> None:
    assert facts(text).story == story


def test_as_said_above_refers_back() -> None:
    assert facts("as I said above").refers_back
    assert facts("like I told you, the rug").refers_back
    assert not facts("the rug above the heater").refers_back


def test_a_vague_day_is_asked_not_guessed() -> None:
    found = asked("a few days ago", "incident_date")
    assert found.incident_date is None and found.doubt
    assert asked("the thirteenth", "incident_date").incident_date == date(2026, 11, 13)
    assert asked("it was $90", "incident_date").incident_date is None


@pytest.mark.parametrize(
    "text",
    [
        "my couch got burned",
        "the wall is blackened now",
        "the countertop has a burn mark now",
        "got my outlet cover melted",
        "my laptop ended up fried",
        "the hardwood floor got warped pretty bad",
    ],
)
def test_the_damaged_thing_told_first_is_property_damage_not_an_injury(text: str) -> None:
    found = facts(text)
    assert found.harm_kinds == frozenset({"property_damage"})
    assert found.tells_harm


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("only the carpet, nothing else", {"property_damage"}),
        ("just the outlet cover", {"property_damage"}),
        ("only my son, nothing else", {"injury"}),
        ("only things, no people", {"property_damage"}),
        ("both: my hand and the carpet", {"property_damage", "injury"}),
    ],
)
def test_asked_what_was_harmed_naming_it_tells_the_kind(text: str, kinds: set[str]) -> None:
    found = facts_in_message(text, entities_in(text), WEDNESDAY, asked="harm_kind")
    assert found.harm_kinds == frozenset(kinds)
    assert not found.tells_harm  # naming is not an account of the harm


@pytest.mark.parametrize(
    "text",
    ["I used it 1 time", "I have 2 of these", "(model 7, qty 1)", "model 3, I own 1", "1 of 3"],
)
def test_counts_are_not_the_amount_asked(text: str) -> None:
    found = facts_in_message(text, entities_in(text), WEDNESDAY, asked="property_damage_amount")
    assert found.property_damage_amount is None


def test_a_date_about_the_delivery_ends_at_the_next_clause() -> None:
    found = facts("it arrived Monday and on Tuesday it blew up")
    assert found.incident_date == date(2026, 11, 24)


@pytest.mark.parametrize(
    "text",
    [
        "it was the heater, not the kettle",
        "it wasn't the kettle, it was the heater",
        "the heater rather than the kettle",
    ],
)
def test_the_product_said_not_to_be_meant_is_left_out(text: str) -> None:
    assert facts_in_message(text, entities_in(text), WEDNESDAY).products == ("heater",)

"""The claim form's validation, run as the Rasa server runs it (validate_claim_form), with the
real backend behind it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.claim_form import ValidateClaimForm
from actions.claims_backend import ClaimsBackend
from actions.form_base import UNAVAILABLE
from actions.handoff import TEAM_UNREACHABLE
from tests.actions.support import form_tracker, slot_events, texts
from tests.recent_marketplace import (
    CHARGER,
    DANA,
    DELIVERED,
    HEATER,
    KETTLE,
    MULTI_ITEM_ORDER,
    SAM,
    SINGLE_ITEM_ORDER,
    TODAY,
)

FIXED_TODAY = date(2026, 11, 25)
VERIFIED_SINGLE = {
    "order_id": SINGLE_ITEM_ORDER,
    "email": DANA,
    "delivered_on": "2026-10-13",
    "items": [HEATER],
}
VERIFIED_MULTI = {
    "order_id": MULTI_ITEM_ORDER,
    "email": SAM,
    "delivered_on": "2026-10-13",
    "items": [KETTLE, CHARGER],
}
# A claim filled up to the harm questions, for a single-item order.
UP_TO_HARM = {
    "order_id": SINGLE_ITEM_ORDER,
    "customer_email": DANA,
    "claim_sku": HEATER["sku"],
    "claim_item": f"the {HEATER['title']}",
    "claim_order": VERIFIED_SINGLE,
    "incident_date": "2026-11-20",
    "defect_description": "the cord melted",
    "claim_run_id": "run-1",
}


def validator(backend: ClaimsBackend, today: date = FIXED_TODAY) -> ValidateClaimForm:
    form = ValidateClaimForm(backend)
    form.today = lambda: today  # type: ignore[method-assign]
    return form


async def run(
    form: ValidateClaimForm, dispatcher: CollectingDispatcher, domain: dict, **tracker_args: Any
) -> dict[str, Any]:
    answer = tracker_args.get("candidates", {}).get(tracker_args.get("requested"))
    if "text" not in tracker_args and isinstance(answer, str):
        # As in a conversation: a question's text answer is the message's text.
        tracker_args["text"] = answer
    events = await form.run(dispatcher, form_tracker(**tracker_args), domain)
    return slot_events(events)


# ---- order and customer ---------------------------------------------------------------------------


async def test_a_known_order_is_accepted_and_the_email_is_asked_next(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="order_id",
        candidates={"order_id": SINGLE_ITEM_ORDER},
        text=SINGLE_ITEM_ORDER,
    )
    assert slots["order_id"] == SINGLE_ITEM_ORDER
    assert slots["claim_order"] == {"order_id": SINGLE_ITEM_ORDER}
    assert slots["requested_slot"] == "customer_email"
    assert slots["claim_run_id"]  # one id for this claim, for idempotent filing
    assert dispatcher.messages == []


async def test_an_unknown_order_is_questioned_and_asked_again(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="order_id",
        candidates={"order_id": "999-9999999-9999999"},
        text="999-9999999-9999999",
    )
    assert slots["order_id"] is None
    assert slots["requested_slot"] == "order_id"
    assert texts(dispatcher) == (
        "I can't find that order — could you check the number? It looks like 112-1234567-1234567."
    )


async def test_text_that_is_no_order_number_is_explained(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    # No backend call is needed to see that this is not an order number.
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="order_id",
        candidates={"order_id": "my heater burned"},
        text="my heater burned",
    )
    assert slots["order_id"] is None
    assert "doesn't look like an order number" in texts(dispatcher)


async def test_an_order_id_typed_with_spaces_is_normalised(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="order_id",
        candidates={"order_id": "it's 112 1234567 1234567"},
    )
    assert slots["order_id"] == SINGLE_ITEM_ORDER


async def test_backend_down_says_so_and_keeps_the_other_answers(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    earlier = {"incident_date": "2026-11-20", "defect_description": "the cord melted"}
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="order_id",
        slots=earlier,
        candidates={"order_id": SINGLE_ITEM_ORDER},
    )
    assert texts(dispatcher) == UNAVAILABLE
    assert slots["order_id"] is None
    assert slots["requested_slot"] == "order_id"
    assert not set(earlier) & set(slots)  # nothing said before is touched


async def test_an_email_that_is_not_the_orders_is_refused_kindly(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="customer_email",
        slots={"order_id": MULTI_ITEM_ORDER, "claim_order": {"order_id": MULTI_ITEM_ORDER}},
        candidates={"customer_email": DANA},
        text=DANA,
    )
    assert slots["customer_email"] is None
    assert slots["requested_slot"] == "customer_email"
    assert texts(dispatcher) == f"That email doesn't match the one on order {MULTI_ITEM_ORDER}."


async def test_a_single_item_order_fills_the_item_and_skips_its_question(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="customer_email",
        slots={"order_id": SINGLE_ITEM_ORDER, "claim_order": {"order_id": SINGLE_ITEM_ORDER}},
        candidates={"customer_email": "Dana@Example.com"},
    )
    assert slots["customer_email"] == "Dana@example.com"
    assert slots["claim_sku"] == HEATER["sku"]
    assert slots["claim_order"]["items"] == [HEATER]
    assert slots["requested_slot"] == "incident_date"
    # the next questions name it (domain responses: "When did it happen with {claim_item}?")
    assert slots["claim_item"] == f"the {HEATER['title']}"


async def test_a_multi_item_order_asks_which_item(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="customer_email",
        slots={"order_id": MULTI_ITEM_ORDER, "claim_order": {"order_id": MULTI_ITEM_ORDER}},
        candidates={"customer_email": SAM},
    )
    assert "claim_sku" not in slots
    assert "claim_item" not in slots  # the questions still say "the product"
    assert slots["claim_order"]["items"] == [KETTLE, CHARGER]
    assert slots["requested_slot"] == "claim_sku"


async def test_order_and_email_in_one_message_are_both_checked(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="order_id",
        candidates={"customer_email": DANA, "order_id": SINGLE_ITEM_ORDER},
    )
    assert slots["order_id"] == SINGLE_ITEM_ORDER
    assert slots["customer_email"] == DANA
    assert slots["claim_sku"] == HEATER["sku"]
    assert slots["requested_slot"] == "incident_date"


async def test_a_verified_order_is_not_looked_up_again(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    # Re-validation after an interruption must not depend on the backend being up.
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        slots={"claim_order": VERIFIED_SINGLE},
        candidates={"order_id": SINGLE_ITEM_ORDER, "customer_email": DANA},
    )
    assert slots["order_id"] == SINGLE_ITEM_ORDER and slots["customer_email"] == DANA
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("answer", "sku"),
    [
        (CHARGER["sku"], CHARGER["sku"]),
        ("the charger", CHARGER["sku"]),
        ("Electric kettle 1.7L", KETTLE["sku"]),
        ("b0kettle22", KETTLE["sku"]),
    ],
)
async def test_the_item_by_button_title_or_sku(
    answer: str,
    sku: str,
    down_backend: ClaimsBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="claim_sku",
        slots={"order_id": MULTI_ITEM_ORDER, "customer_email": SAM, "claim_order": VERIFIED_MULTI},
        candidates={"claim_sku": answer},
    )
    assert slots["claim_sku"] == sku
    assert (
        slots["claim_item"]
        == f"the {next(i['title'] for i in (KETTLE, CHARGER) if i['sku'] == sku)}"
    )
    assert slots["requested_slot"] == "incident_date"


async def test_an_item_not_in_the_order_is_asked_again(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="claim_sku",
        slots={"order_id": MULTI_ITEM_ORDER, "customer_email": SAM, "claim_order": VERIFIED_MULTI},
        candidates={"claim_sku": "the toaster"},
    )
    assert slots["claim_sku"] is None
    assert slots["requested_slot"] == "claim_sku"


# ---- which questions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filled", "expected"),
    [
        (
            {},
            [
                "order_id",
                "customer_email",
                "claim_sku",
                "incident_date",
                "defect_description",
                "harm_kind",
                "evidence_provided",
                "claim_confirmed",
            ],
        ),
        (
            {"claim_order": VERIFIED_SINGLE},
            [
                "order_id",
                "customer_email",
                "incident_date",
                "defect_description",
                "harm_kind",
                "evidence_provided",
                "claim_confirmed",
            ],
        ),
        (
            {"claim_order": VERIFIED_MULTI, "harm_kind": "property"},
            [
                "order_id",
                "customer_email",
                "claim_sku",
                "incident_date",
                "defect_description",
                "harm_kind",
                "property_damage_description",
                "property_damage_amount",
                "evidence_provided",
                "claim_confirmed",
            ],
        ),
        (
            {"claim_order": VERIFIED_SINGLE, "harm_kind": "injury"},
            [
                "order_id",
                "customer_email",
                "incident_date",
                "defect_description",
                "harm_kind",
                "injury_description",
                "injury_treatment",
                "medical_costs",
                "lost_earnings",
                "evidence_provided",
                "claim_confirmed",
            ],
        ),
        (
            {"claim_order": VERIFIED_SINGLE, "harm_kind": "both", "claim_confirmed": False},
            [
                "order_id",
                "customer_email",
                "incident_date",
                "defect_description",
                "harm_kind",
                "property_damage_description",
                "property_damage_amount",
                "injury_description",
                "injury_treatment",
                "medical_costs",
                "lost_earnings",
                "evidence_provided",
                "claim_correction",
                "claim_confirmed",
            ],
        ),
    ],
)
async def test_required_slots_follow_the_claim(
    filled: dict,
    expected: list[str],
    down_backend: ClaimsBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    form = validator(down_backend)
    required = await form.required_slots(
        form.domain_slots(domain), dispatcher, form_tracker(slots=filled), domain
    )
    assert required == expected


@pytest.mark.parametrize(
    ("answer", "kind", "next_question"),
    [
        ("both", "both", "property_damage_description"),
        ("property damage", "property", "property_damage_description"),
        ("injury", "injury", "injury_description"),
    ],
)
async def test_the_kind_of_harm_decides_the_next_question(
    answer: str,
    kind: str,
    next_question: str,
    down_backend: ClaimsBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="harm_kind",
        slots=UP_TO_HARM,
        candidates={"harm_kind": answer},
    )
    assert slots["harm_kind"] == kind
    assert slots["requested_slot"] == next_question


# ---- dates, money, treatment --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "stored"),
    [
        ("2026-11-02", "2026-11-02"),
        ("yesterday", "2026-11-24"),
        ("last Tuesday", "2026-11-24"),
        ("October 20", "2026-10-20"),
        ("on the 13th of October", "2026-10-13"),
    ],
)
async def test_incident_dates_are_stored_as_iso(
    answer: str,
    stored: str,
    down_backend: ClaimsBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    # Before the order is known the day is only read (the backend judges it with the order).
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="incident_date",
        slots={"claim_run_id": "run-1"},
        candidates={"incident_date": answer},
    )
    assert slots["incident_date"] == stored
    assert dispatcher.messages == []


def recent_order() -> dict[str, Any]:
    """The single-item order of the recent marketplace, as the form keeps it once verified."""
    return {
        "order_id": SINGLE_ITEM_ORDER,
        "email": DANA,
        "delivered_on": DELIVERED.isoformat(),
        "items": [HEATER],
    }


def readable(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ((TODAY + timedelta(days=5)).isoformat(), "hasn't happened yet"),
        (
            (DELIVERED - timedelta(days=5)).isoformat(),
            (
                f"Your order was delivered on {readable(DELIVERED)}, and "
                f"{readable(DELIVERED - timedelta(days=5))} is before that"
            ),
        ),
        ("when the cord melted", "couldn't read that as a date"),
        ("a few days ago", "I need the day itself"),
    ],
)
async def test_the_backend_refuses_future_and_pre_delivery_dates_kindly(
    answer: str, says: str, backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    order = {"order_id": SINGLE_ITEM_ORDER, "claim_order": recent_order()}
    slots = await run(
        validator(backend, TODAY),
        dispatcher,
        domain,
        requested="incident_date",
        slots={**UP_TO_HARM, **order, "incident_date": None},
        candidates={"incident_date": answer},
    )
    assert slots["incident_date"] is None
    assert slots["requested_slot"] == "incident_date"
    assert says in texts(dispatcher)


async def test_a_day_the_backend_accepts_is_kept(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    order = {"order_id": SINGLE_ITEM_ORDER, "claim_order": recent_order()}
    slots = await run(
        validator(backend, TODAY),
        dispatcher,
        domain,
        requested="incident_date",
        slots={**UP_TO_HARM, **order, "incident_date": None},
        candidates={"incident_date": DELIVERED.isoformat()},
    )
    assert slots["incident_date"] == DELIVERED.isoformat()
    assert dispatcher.messages == []


async def test_a_day_told_before_the_order_is_judged_with_the_order(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    too_early = (DELIVERED - timedelta(days=3)).isoformat()
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="customer_email",
        slots={
            "order_id": SINGLE_ITEM_ORDER,
            "claim_order": {"order_id": SINGLE_ITEM_ORDER},
            "incident_date": too_early,
            "claim_run_id": "run-1",
        },
        candidates={"customer_email": DANA},
    )
    assert slots["customer_email"] == DANA
    assert slots["incident_date"] is None
    assert "is before that" in texts(dispatcher)


@pytest.mark.parametrize(
    ("slot", "answer", "stored"),
    [
        ("property_damage_amount", "$350", "350.00"),
        ("property_damage_amount", "about 300 bucks", "300.00"),
        ("property_damage_amount", "$1.2k", "1200.00"),
        ("property_damage_amount", "$1,200.50", "1200.50"),
        ("medical_costs", "0", "0.00"),
        ("lost_earnings", "none", "0.00"),
        ("lost_earnings", "2 days off work, about 300 bucks", "300.00"),
    ],
)
async def test_amounts_are_stored_to_the_cent(
    slot: str,
    answer: str,
    stored: str,
    down_backend: ClaimsBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested=slot,
        slots={**UP_TO_HARM, "harm_kind": "both"},
        candidates={slot: answer},
    )
    assert slots[slot] == stored


@pytest.mark.parametrize(
    ("answer", "says"),
    [("-$20", "An amount can't be negative."), ("a lot", "couldn't read an amount")],
)
async def test_negative_or_unreadable_amounts_are_refused(
    answer: str,
    says: str,
    down_backend: ClaimsBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="property_damage_amount",
        slots={**UP_TO_HARM, "harm_kind": "property"},
        candidates={"property_damage_amount": answer},
    )
    assert slots["property_damage_amount"] is None
    assert says in texts(dispatcher)


async def test_two_amounts_for_the_same_loss_add_up(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    text = "$300 for the rug and $50 for the wall"
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="property_damage_amount",
        text=text,
        slots={**UP_TO_HARM, "harm_kind": "property"},
        candidates={"property_damage_amount": text},
    )
    assert slots["property_damage_amount"] == "350.00"
    assert dispatcher.messages == []


async def test_two_amounts_that_cannot_be_told_apart_ask_for_the_total(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    text = "300 or maybe 350"
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="property_damage_amount",
        text=text,
        slots={**UP_TO_HARM, "harm_kind": "property"},
        candidates={"property_damage_amount": text},
    )
    assert slots["property_damage_amount"] is None
    assert "total" in texts(dispatcher)


@pytest.mark.parametrize(
    ("answer", "level"),
    [
        ("first aid", "first_aid"),
        ("urgent care", "doctor"),
        ("saw a doctor", "doctor"),
        ("ER", "emergency_room"),
        ("a band-aid", "first_aid"),
        ("hospitalized", "hospitalized"),
        ("none", "none"),
    ],
)
async def test_treatment_words_become_levels(
    answer: str,
    level: str,
    down_backend: ClaimsBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="injury_treatment",
        slots={**UP_TO_HARM, "harm_kind": "injury", "injury_description": "burn on my hand"},
        candidates={"injury_treatment": answer},
    )
    assert slots["injury_treatment"] == level
    assert slots["requested_slot"] == "medical_costs"


# ---- evidence -----------------------------------------------------------------------------------

READY_FOR_EVIDENCE = {
    **UP_TO_HARM,
    "harm_kind": "property",
    "property_damage_description": "scorched rug",
    "property_damage_amount": "350.00",
}


async def test_files_in_message_metadata_are_collected_and_answer_the_question(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="evidence_provided",
        text="here are the photos",
        metadata={"evidence_ids": ["EV-2", "EV-1"]},
        slots={**READY_FOR_EVIDENCE, "evidence_ids": ["EV-1"]},
        candidates={"evidence_provided": "here are the photos"},
    )
    assert slots["evidence_ids"] == ["EV-1", "EV-2"]
    assert slots["evidence_provided"] is True
    assert slots["requested_slot"] == "claim_confirmed"
    assert texts(dispatcher) == "Thank you — I've got 2 files."


@pytest.mark.parametrize(
    ("arrived", "kept"),
    [
        ("EV-2", ["EV-1"]),  # not a list: ignored
        (["  ", 7, None, " EV-2 ", "EV-1", "EV-2"], ["EV-1", "EV-2"]),  # blanks, junk, repeats
    ],
)
async def test_malformed_file_ids_in_metadata_are_ignored(
    arrived: Any,
    kept: list[str],
    down_backend: ClaimsBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    form = validator(down_backend)
    tracker = form_tracker(
        requested="defect_description",
        text="the cord melted",
        metadata={"evidence_ids": arrived},
        slots={**UP_TO_HARM, "defect_description": None, "evidence_ids": ["EV-1"]},
        candidates={"defect_description": "the cord melted"},
    )
    await form.run(dispatcher, tracker, domain)
    assert tracker.get_slot("evidence_ids") == kept


async def test_files_sent_with_an_earlier_answer_are_kept(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="defect_description",
        text="the cord melted, see photo",
        metadata={"evidence_ids": ["EV-9"]},
        slots={**UP_TO_HARM, "defect_description": None},
        candidates={"defect_description": "the cord melted, see photo"},
    )
    assert slots["evidence_ids"] == ["EV-9"]
    assert slots["defect_description"] == "the cord melted, see photo"


async def test_no_files_yet_is_a_fine_answer(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="evidence_provided",
        intent="no_evidence",
        text="I don't have photos yet",
        slots=READY_FOR_EVIDENCE,
        candidates={"evidence_provided": "none"},
    )
    assert slots["evidence_provided"] is False
    assert slots["requested_slot"] == "claim_confirmed"


async def test_saying_files_are_attached_without_files_asks_again(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="evidence_provided",
        text="here you go",
        slots=READY_FOR_EVIDENCE,
        candidates={"evidence_provided": "here you go"},
    )
    assert slots["evidence_provided"] is None
    assert slots["requested_slot"] == "evidence_provided"
    assert texts(dispatcher) == "I haven't received any files yet."


# ---- confirmation and corrections ----------------------------------------------------------------

SUMMARISED = {**READY_FOR_EVIDENCE, "evidence_provided": False}


async def test_no_to_the_summary_asks_what_to_change(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="claim_confirmed",
        intent="deny",
        slots=SUMMARISED,
        candidates={"claim_confirmed": False},
    )
    assert slots["claim_confirmed"] is False
    assert slots["requested_slot"] == "claim_correction"


async def test_a_correction_asks_that_answer_again_then_the_summary(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="claim_correction",
        slots={**SUMMARISED, "claim_confirmed": False},
        candidates={"claim_correction": "the date is wrong"},
    )
    assert slots["incident_date"] is None
    assert slots["claim_confirmed"] is None
    assert slots["requested_slot"] == "incident_date"


async def test_starting_over_forgets_the_claim(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="claim_correction",
        slots={**SUMMARISED, "claim_confirmed": False, "evidence_ids": ["EV-1"]},
        candidates={"claim_correction": "start over"},
    )
    assert slots["order_id"] is None and slots["claim_order"] is None
    assert slots["evidence_ids"] == []
    assert slots["requested_slot"] == "order_id"


async def test_an_unclear_confirmation_is_asked_again(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="claim_confirmed",
        slots=SUMMARISED,
        candidates={"claim_confirmed": "hmm maybe"},
    )
    assert slots["claim_confirmed"] is None
    assert slots["requested_slot"] == "claim_confirmed"


async def test_yes_completes_the_form(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="claim_confirmed",
        intent="affirm",
        slots=SUMMARISED,
        candidates={"claim_confirmed": True},
    )
    assert slots["claim_confirmed"] is True
    assert slots["requested_slot"] is None


# ---- shared form behaviour ------------------------------------------------------------------------


async def test_a_refused_answer_is_counted_and_the_second_asks_for_a_person(
    down_backend: ClaimsBackend, domain: dict
) -> None:
    # The first refusal is counted (the question is then asked in other words, see
    # test_claim_questions), the second also asks a person to join (here the backend is down,
    # so the customer is told the team could not be reached) and starts counting again.
    form = validator(down_backend)
    failures = None
    for attempt, expected in enumerate((1, None, 1)):
        dispatcher = CollectingDispatcher()
        slots = await run(
            form,
            dispatcher,
            domain,
            requested="incident_date",
            slots={**UP_TO_HARM, "incident_date": None, "form_validation_failures": failures},
            candidates={"incident_date": "dunno"},
        )
        failures = slots["form_validation_failures"]
        assert failures == expected
        assert (TEAM_UNREACHABLE in texts(dispatcher)) is (attempt == 1)


@pytest.mark.parametrize(
    "slot", ["defect_description", "property_damage_description", "injury_description"]
)
async def test_a_description_too_long_to_file_is_asked_again_briefly(
    slot: str, down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    essay = "It sparked and smoked. " * 300  # ~6,900 characters
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested=slot,
        slots={**UP_TO_HARM, "harm_kind": "both"},
        candidates={slot: essay},
    )
    assert slots[slot] is None
    assert "more briefly" in texts(dispatcher)


async def test_a_description_at_the_limit_is_kept(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    text = ("x" * 4999) + "."
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="defect_description",
        slots={**UP_TO_HARM},
        candidates={"defect_description": text},
    )
    assert slots["defect_description"] == text

"""The claim form reads every fact a message carries: several answers at once, answers out of
order, corrections at any time (with the real backend behind the order checks)."""

from __future__ import annotations

from datetime import timedelta

from rasa_sdk.executor import CollectingDispatcher

from actions.claims_backend import ClaimsBackend
from tests.actions.support import form_tracker, texts
from tests.actions.test_claim_form import (
    VERIFIED_SINGLE,
    readable,
    recent_order,
    run,
    validator,
)
from tests.recent_marketplace import (
    DANA,
    HEATER,
    KETTLE,
    MULTI_ITEM_ORDER,
    SAM,
    SINGLE_ITEM_ORDER,
    TODAY,
)

# A single-item claim with property damage, answered up to the files (today: FIXED_TODAY).
UP_TO_FILES = {
    "order_id": SINGLE_ITEM_ORDER,
    "customer_email": DANA,
    "claim_sku": HEATER["sku"],
    "claim_item": f"the {HEATER['title']}",
    "claim_order": VERIFIED_SINGLE,
    "incident_date": "2026-11-03",
    "defect_description": "the cord melted",
    "harm_kind": "property",
    "property_damage_description": "scorched rug",
    "property_damage_amount": "350.00",
    "claim_run_id": "run-1",
}


async def test_everything_in_the_first_message_leaves_only_the_email_to_ask(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    text = (
        f"order {SINGLE_ITEM_ORDER}, the heater's cord melted on November 3 and burned "
        "my rug, around $300 to fix"
    )
    slots = await run(validator(backend), dispatcher, domain, text=text, intent="report_harm")
    assert slots["order_id"] == SINGLE_ITEM_ORDER
    assert slots["incident_date"] == "2026-11-03"
    assert slots["harm_kind"] == "property"
    assert slots["property_damage_amount"] == "300.00"
    assert slots["defect_description"] == text
    assert slots["property_damage_description"] == text
    assert slots["requested_slot"] == "customer_email"
    assert texts(dispatcher) == (
        "Thanks — I've noted the order number, the date (November 3, 2026), what went wrong "
        "and the property damage cost ($300.00)."
    )


async def test_a_correction_while_another_question_is_pending_says_what_changed(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    text = "actually it was $450"
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="evidence_provided",
        slots=UP_TO_FILES,
        text=text,
        candidates={"evidence_provided": text},
    )
    assert slots["property_damage_amount"] == "450.00"
    assert slots["evidence_provided"] is None  # still to be answered: asked again
    assert slots["requested_slot"] == "evidence_provided"
    assert texts(dispatcher) == "Got it — I've changed the property damage cost to $450.00."


async def test_a_new_date_at_the_summary_shows_the_summary_again(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    # The backend judges the new day against the real order (delivered a month ago).
    day = TODAY - timedelta(days=4)
    slots = await run(
        validator(backend, TODAY),
        dispatcher,
        domain,
        requested="claim_confirmed",
        slots={**UP_TO_FILES, "claim_order": recent_order(), "evidence_provided": False},
        text=f"no, it was {day.isoformat()}",
        intent="deny",
        candidates={"claim_confirmed": False},
    )
    assert slots["incident_date"] == day.isoformat()
    assert slots["claim_confirmed"] is None
    assert slots["requested_slot"] == "claim_confirmed"
    assert texts(dispatcher) == f"Got it — I've changed the date to {readable(day)}."


async def test_an_answer_out_of_order_is_kept_and_the_question_asked_again_quietly(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="order_id",
        text=DANA,
        candidates={"order_id": DANA},
    )
    assert slots["customer_email"] == DANA
    assert slots["order_id"] is None
    assert slots["requested_slot"] == "order_id"
    assert dispatcher.messages == []  # no "that doesn't look like an order number"


async def test_a_question_to_the_assistant_is_not_read_for_claim_facts(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="incident_date",
        slots={**UP_TO_FILES, "incident_date": None},
        text="does it cover my $500 rug from yesterday?",
        intent="ask_coverage",
    )
    assert set(slots) == {"requested_slot"}


async def test_the_product_named_earlier_picks_the_item_of_a_multi_item_order(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="customer_email",
        slots={
            "order_id": MULTI_ITEM_ORDER,
            "mentioned_item": "kettle",
            "claim_order": {"order_id": MULTI_ITEM_ORDER},
            "claim_run_id": "run-1",
        },
        text=SAM,
        candidates={"customer_email": SAM},
    )
    assert slots["claim_sku"] == KETTLE["sku"]
    assert slots["requested_slot"] == "incident_date"  # the item is not asked


async def test_an_emergency_in_an_answer_comes_first(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    text = "the rug is still burning"
    await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="property_damage_description",
        slots={**UP_TO_FILES, "property_damage_description": None},
        text=text,
        candidates={"property_damage_description": text},
    )
    assert dispatcher.messages[0]["response"] == "utter_emergency_during_claim"


async def test_an_answer_read_as_an_emergency_is_still_the_answer_and_the_claim_goes_on(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    text = "the motor started smoking"
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="defect_description",
        slots={**UP_TO_FILES, "defect_description": None},
        text=text,
        intent="emergency",
        candidates={"defect_description": text},
    )
    assert slots["defect_description"] == text
    assert slots["requested_slot"] == "evidence_provided"
    assert "handoff_reason" not in slots  # smoke that has stopped calls for no person


async def test_pain_and_suffering_in_an_answer_is_explained_and_the_amount_kept(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    text = "$300 for the rug, plus something for pain and suffering"
    slots = await run(
        validator(down_backend),
        dispatcher,
        domain,
        requested="property_damage_amount",
        slots={**UP_TO_FILES, "property_damage_amount": None},
        text=text,
        candidates={"property_damage_amount": text},
    )
    assert slots["property_damage_amount"] == "300.00"
    assert [m.get("response") for m in dispatcher.messages] == ["utter_non_economic"]


def test_the_messages_that_are_not_answers_are_the_ones_the_domain_leaves_out(domain: dict) -> None:
    from actions.claim_form import NOT_ANSWERS

    for slot in ("order_id", "incident_date", "lost_earnings", "claim_correction"):
        [mapping] = [m for m in domain["slots"][slot]["mappings"] if m["type"] == "from_text"]
        assert set(mapping["not_intent"]) == NOT_ANSWERS


def test_a_message_is_read_for_facts_only_the_first_time_the_form_sees_it() -> None:
    from actions.form_base import message_is_new

    first = form_tracker(requested="incident_date", text="the 4th")
    assert message_is_new(first, "claim_form")
    # Back after a digression: the form ran once already after this message.
    first.events.insert(2, {"event": "action", "name": "claim_form"})
    assert not message_is_new(first, "claim_form")

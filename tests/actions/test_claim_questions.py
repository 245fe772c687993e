"""The claim form's questions and the summary the customer confirms."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.claim_questions import (
    AskClaimConfirmed,
    AskClaimSku,
    AskEvidenceProvided,
    AskIncidentDate,
    AskOrderId,
    AskQuestion,
)
from tests.actions.support import confirmed_claim, form_tracker
from tests.recent_marketplace import CHARGER, KETTLE, MULTI_ITEM_ORDER, SAM


def test_every_form_slot_that_is_asked_has_a_question(domain: dict) -> None:
    import actions.claim_request_questions  # noqa: F401  (registers its questions)

    asked = {cls.slot for cls in AskQuestion.__subclasses__()}
    assert asked == {slot for form in domain["forms"].values() for slot in form["required_slots"]}
    assert {f"action_ask_{slot}" for slot in asked} <= set(domain["actions"])


async def test_a_question_answered_wrongly_once_is_asked_in_other_words(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    await AskIncidentDate().run(
        dispatcher, form_tracker(slots={"form_validation_failures": 1}), domain
    )
    assert dispatcher.messages[0]["text"] == AskIncidentDate.rephrased
    assert AskIncidentDate.rephrased.startswith("Let me ask another way")


async def test_the_order_question_shows_what_an_order_number_looks_like(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    await AskOrderId().run(dispatcher, form_tracker(), domain)
    assert "112-1234567-1234567" in dispatcher.messages[0]["text"]


async def test_the_item_question_offers_the_orders_items_as_buttons(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    tracker = form_tracker(
        slots={
            "order_id": MULTI_ITEM_ORDER,
            "customer_email": SAM,
            "claim_order": {"order_id": MULTI_ITEM_ORDER, "email": SAM, "items": [KETTLE, CHARGER]},
        }
    )
    await AskClaimSku().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["buttons"] == [
        {"title": KETTLE["title"], "payload": KETTLE["sku"]},
        {"title": CHARGER["title"], "payload": CHARGER["sku"]},
    ]


async def test_questions_name_the_item_once_known(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    await AskIncidentDate().run(dispatcher, confirmed_claim(), domain)
    assert "Oil-filled space heater 1500W" in dispatcher.messages[0]["text"]


async def test_the_evidence_question_offers_to_go_on_without_files(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    await AskEvidenceProvided().run(dispatcher, form_tracker(), domain)
    [message] = dispatcher.messages
    assert "photos" in message["text"] and "none" in message["text"]
    assert message["buttons"] == [{"title": "I have none yet", "payload": "/no_evidence"}]


async def test_the_summary_shows_the_whole_claim_and_asks_yes_or_no(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    tracker = confirmed_claim(
        incident_date="2026-10-02",
        evidence_ids=["EV-1"],
        property_damage_amount="1200.50",
        medical_costs="80.00",
    )
    await AskClaimConfirmed().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["text"] == (
        "Here is your claim:\n"
        "• Order: 112-1234567-1234567 — Oil-filled space heater 1500W\n"
        "• Email: dana@example.com\n"
        "• Date: October 2, 2026\n"
        "• What went wrong: the cord melted and sparked\n"
        "• Property damage: scorched rug and wall — $1,200.50\n"
        "• Injury: burn on my right hand — first aid; medical costs $80.00, "
        "lost earnings $0.00\n"
        "• Files: 1\n"
        "• Total claimed: $1,280.50\n"
        "Shall I file it?"
    )
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


async def test_the_summary_leaves_out_harm_that_was_not_reported(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    await AskClaimConfirmed().run(dispatcher, confirmed_claim(harm_kind="property"), domain)
    text = dispatcher.messages[0]["text"]
    assert "Injury" not in text
    assert "Total claimed: $350.00" in text
    assert "none yet" in text

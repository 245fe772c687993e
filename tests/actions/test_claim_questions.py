"""The forms' questions (domain responses, and the actions that show the customer's own order
or claim) and the summary the customer confirms."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import CollectingDispatcher

from actions.claim_questions import (
    AskClaimConfirmed,
    AskClaimSku,
    AskEvidenceProvided,
    AskQuestion,
)
from tests.actions.support import confirmed_claim, form_tracker
from tests.recent_marketplace import CHARGER, KETTLE, MULTI_ITEM_ORDER, SAM

RASA_DOMAIN = Domain.load("domain.yml")


async def asked(response: str, **slots: Any) -> dict[str, Any]:
    """What Rasa says for `response` in a conversation with these slots set."""
    tracker = DialogueStateTracker.from_events(
        "customer",
        [SlotSet(slot, value) for slot, value in slots.items()],
        slots=RASA_DOMAIN.slots,
    )
    nlg = TemplatedNaturalLanguageGenerator(RASA_DOMAIN.responses)
    return await nlg.generate(response, tracker, CollectingOutputChannel.name())


def test_every_form_slot_is_asked_one_way(domain: dict) -> None:
    import actions.claim_request_questions  # noqa: F401  (registers its questions)

    as_actions = {cls.slot for cls in AskQuestion.__subclasses__()}
    as_responses = {
        name.removeprefix("utter_ask_")
        for name in domain["responses"]
        if name.startswith("utter_ask_")
    }
    asked_slots = {slot for form in domain["forms"].values() for slot in form["required_slots"]}
    assert as_actions | as_responses == asked_slots
    assert not as_actions & as_responses
    assert {f"action_ask_{slot}" for slot in as_actions} <= set(domain["actions"])
    assert not {f"action_ask_{slot}" for slot in as_responses} & set(domain["actions"])


REPHRASED = [
    name
    for name, variations in RASA_DOMAIN.responses.items()
    if name.startswith("utter_ask_") and len(variations) > 1
]


@pytest.mark.parametrize("response", REPHRASED)
async def test_a_question_answered_wrongly_is_asked_in_other_words(response: str) -> None:
    first = await asked(response)
    again = await asked(response, form_validation_failures=1)
    assert again["text"] != first["text"]
    assert again.get("buttons") == first.get("buttons")  # the quick answers stay
    # the third time (after a handoff was asked for) too
    assert (await asked(response, form_validation_failures=2))["text"] == again["text"]


async def test_the_order_question_shows_what_an_order_number_looks_like() -> None:
    assert "112-1234567-1234567" in (await asked("utter_ask_order_id"))["text"]
    again = await asked("utter_ask_order_id", form_validation_failures=1)
    assert again["text"].startswith("Let me ask another way")


@pytest.mark.parametrize("response", ["utter_ask_incident_date", "utter_ask_defect_description"])
async def test_questions_name_the_item_once_known(response: str) -> None:
    assert "the product" in (await asked(response))["text"]
    named = await asked(response, claim_item="the Oil-filled space heater 1500W")
    assert "the Oil-filled space heater 1500W" in named["text"]


async def test_the_harm_and_treatment_questions_offer_quick_answers() -> None:
    harm = await asked("utter_ask_harm_kind")
    assert [b["payload"] for b in harm["buttons"]] == ["property damage", "injury", "both"]
    treatment = await asked("utter_ask_injury_treatment")
    assert [b["payload"] for b in treatment["buttons"]] == [
        "none",
        "first aid",
        "doctor",
        "emergency room",
        "hospitalized",
    ]


async def test_a_withdrawal_names_the_claim() -> None:
    confirm = await asked("utter_ask_withdrawal_confirmed", claim_lookup="CLM-7K3Q9X")
    assert "withdraw claim CLM-7K3Q9X?" in confirm["text"]
    assert [b["payload"] for b in confirm["buttons"]] == ["/affirm", "/deny"]


async def test_a_question_action_answered_wrongly_is_asked_in_other_words(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    await AskClaimSku().run(dispatcher, form_tracker(slots={"form_validation_failures": 1}), domain)
    assert dispatcher.messages[0]["text"] == AskClaimSku.rephrased


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

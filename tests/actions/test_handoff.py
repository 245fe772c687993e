"""Handing a conversation to a person and back: the triggers, the queue in the real backend, the
signed-in customer's email, and files sent while another question is open."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.claim_form import ValidateClaimForm
from actions.claims_backend import ClaimsBackend
from actions.handoff import (
    FACT_SLOTS,
    QUEUED,
    TEAM_UNREACHABLE,
    ActionContinueAfterHandoff,
    ActionRequestHandoff,
)
from actions.handoff_triggers import handoff_reason
from actions.message_facts import MessageFacts, facts_in_message
from tests.actions.conftest import RunningBackend
from tests.actions.support import (
    SENDER,
    domain_slot_names,
    form_tracker,
    initial_slot_values,
    slot_events,
    texts,
    user_event,
)
from tests.actions.test_claim_form import FIXED_TODAY, UP_TO_HARM, run, validator
from tests.recent_marketplace import DANA, HEATER, SINGLE_ITEM_ORDER


def queue(running_backend: RunningBackend) -> list[dict[str, Any]]:
    status, body = running_backend.call("GET", "/api/agent/handoffs")
    assert status == 200, body
    return body["handoffs"]


def followups(events: list[dict[str, Any]]) -> list[str]:
    return [event["name"] for event in events if event.get("event") == "followup"]


def plain_tracker(
    events: list[dict[str, Any]], slots: dict[str, Any] | None = None, loop: str | None = None
) -> Tracker:
    values = initial_slot_values()
    values.update(slots or {})
    latest = next((e for e in reversed(events) if e["event"] == "user"), {})
    return Tracker(
        SENDER,
        values,
        latest.get("parse_data", {}),
        events,
        False,
        None,
        {"name": loop} if loop else {},
        "action_listen",
    )


# ---- what calls for a person ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("my lawyer says I should sue the seller", "legal_action"),
        ("I'm talking to an attorney about this", "legal_action"),
        ("we will take legal action if this isn't sorted", "legal_action"),
        ("I'll see you in court", "legal_action"),
        ("an ambulance took my son to hospital, he has third-degree burns", "serious_injury"),
        ("she needed stitches and has a concussion", "serious_injury"),
        ("he broke his wrist when the ladder collapsed", "serious_injury"),
        ("I'm so scared, I can't cope with this", "distress"),
        ("I'm in tears, everything is falling apart", "distress"),
    ],
)
def test_what_a_customer_says_can_call_for_a_person(text: str, reason: str) -> None:
    assert handoff_reason(text, facts_in_message(text, [], FIXED_TODAY)) == reason


@pytest.mark.parametrize(
    "text",
    [
        "my heater cord melted and burned my rug",
        "my wife Sue burned her hand on the kettle",  # a name, not a lawsuit
        "I went to the doctor for a small burn",
        "the court yard of our building got wet",
        "it was scary but everyone is fine",
    ],
)
def test_an_ordinary_claim_does_not(text: str) -> None:
    assert handoff_reason(text, facts_in_message(text, [], FIXED_TODAY)) is None


def test_the_facts_agents_see_are_slots_of_the_assistant() -> None:
    assert set(FACT_SLOTS) <= set(domain_slot_names())


def test_a_hospital_stay_is_a_serious_injury() -> None:
    assert handoff_reason("", MessageFacts(injury_treatment="hospitalized")) == "serious_injury"


# ---- asking for a person ------------------------------------------------------------------------


async def test_asking_for_a_person_queues_the_conversation_with_the_facts_so_far(
    backend: ClaimsBackend, running_backend: RunningBackend, dispatcher: CollectingDispatcher
) -> None:
    tracker = plain_tracker(
        [user_event("can I talk to a real person", intent="ask_human")],
        slots={"order_id": SINGLE_ITEM_ORDER, "customer_email": DANA, "incident_date": None},
    )
    events = await ActionRequestHandoff(backend).run(dispatcher, tracker, {})

    assert slot_events(events) == {"handoff_reason": "customer_asked"}
    assert texts(dispatcher) == QUEUED["customer_asked"]
    [handoff] = queue(running_backend)
    assert handoff["conversation_id"] == SENDER
    assert handoff["reason"] == "customer_asked"
    assert handoff["status"] == "waiting"
    assert handoff["channel"] == "rest"
    assert handoff["facts"] == {"order_id": SINGLE_ITEM_ORDER, "customer_email": DANA}
    assert handoff["customer_message"] == "can I talk to a real person"


async def test_not_understood_twice_queues_it_as_a_misunderstanding(
    backend: ClaimsBackend, running_backend: RunningBackend, dispatcher: CollectingDispatcher
) -> None:
    tracker = plain_tracker([user_event("blorp qwx", intent="nlu_fallback")])
    await ActionRequestHandoff(backend).run(dispatcher, tracker, {})
    assert [h["reason"] for h in queue(running_backend)] == ["repeated_misunderstanding"]


async def test_when_the_team_cannot_be_reached_the_customer_is_told_and_nothing_is_lost(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher
) -> None:
    tracker = plain_tracker([user_event("a person please", intent="ask_human")])
    events = await ActionRequestHandoff(down_backend).run(dispatcher, tracker, {})
    assert events == []
    assert texts(dispatcher) == TEAM_UNREACHABLE


async def test_a_lawyer_mentioned_in_the_middle_of_a_claim_queues_it_once(
    backend: ClaimsBackend, running_backend: RunningBackend, domain: dict
) -> None:
    form = validator(backend)

    async def answer(slot: str, text: str, **slots: Any) -> tuple[dict, str]:
        dispatcher = CollectingDispatcher()
        answered = await run(
            form,
            dispatcher,
            domain,
            requested=slot,
            slots={**UP_TO_HARM, **slots},
            candidates={slot: text},
            text=text,
        )
        return answered, texts(dispatcher)

    slots, said = await answer("harm_kind", "my lawyer will hear about this. It burned my rug")
    assert slots["handoff_reason"] == "legal_action"
    assert QUEUED["legal_action"] in said
    assert slots["harm_kind"] == "property"  # the claim goes on meanwhile

    known = {"harm_kind": "property", "handoff_reason": "legal_action"}
    _, said = await answer("property_damage_description", "the lawyer wants receipts", **known)
    assert QUEUED["legal_action"] not in said
    assert [h["reason"] for h in queue(running_backend)] == ["legal_action"]

    # A new reason later in the claim is added to the same waiting handoff.
    _, said = await answer("property_damage_description", "he is in intensive care now", **known)
    assert QUEUED["serious_injury"] in said
    [handoff] = queue(running_backend)
    assert handoff["reasons"] == ["legal_action", "serious_injury"]


# ---- handed back -------------------------------------------------------------------------------


async def test_handed_back_with_a_paused_claim_the_form_goes_on(
    dispatcher: CollectingDispatcher,
) -> None:
    tracker = plain_tracker(
        [
            user_event("I want a person", intent="ask_human"),
            user_event("EXTERNAL: agent_handback", intent="agent_handback"),
        ],
        slots={**UP_TO_HARM, "handoff_reason": "customer_asked"},
    )
    events = await ActionContinueAfterHandoff().run(dispatcher, tracker, {})
    assert followups(events) == ["claim_form"]
    assert slot_events(events) == {"handoff_reason": None}
    assert "carry on with your claim" in texts(dispatcher)


async def test_handed_back_while_the_form_is_active_the_form_itself_goes_on(
    dispatcher: CollectingDispatcher,
) -> None:
    tracker = plain_tracker(
        [
            user_event("my lawyer", intent="inform"),
            user_event("EXTERNAL: agent_handback", intent="agent_handback"),
        ],
        slots=UP_TO_HARM,
        loop="claim_form",
    )
    events = await ActionContinueAfterHandoff().run(dispatcher, tracker, {})
    assert followups(events) == []


async def test_an_agent_intake_greets_the_customer_and_starts_the_claim(
    dispatcher: CollectingDispatcher,
) -> None:
    tracker = plain_tracker(
        [user_event("EXTERNAL: agent_handback", intent="agent_handback")],
        slots={"order_id": SINGLE_ITEM_ORDER, "mentioned_item": HEATER["sku"]},
    )
    events = await ActionContinueAfterHandoff().run(dispatcher, tracker, {})
    assert followups(events) == ["claim_form"]
    assert f"order {SINGLE_ITEM_ORDER}" in texts(dispatcher)


async def test_a_customer_who_only_pressed_buttons_is_not_greeted_as_new(
    dispatcher: CollectingDispatcher,
) -> None:
    tracker = plain_tracker(
        [
            user_event("/report_harm", intent="report_harm"),
            user_event("EXTERNAL: agent_handback", intent="agent_handback"),
        ],
        slots=UP_TO_HARM,
    )
    await ActionContinueAfterHandoff().run(dispatcher, tracker, {})
    assert "carry on with your claim" in texts(dispatcher)


async def test_handed_back_with_no_claim_the_assistant_offers_help(
    dispatcher: CollectingDispatcher,
) -> None:
    tracker = plain_tracker(
        [
            user_event("hello", intent="greet"),
            user_event("EXTERNAL: agent_handback", intent="agent_handback"),
        ]
    )
    events = await ActionContinueAfterHandoff().run(dispatcher, tracker, {})
    assert followups(events) == []
    assert "How else can I help" in texts(dispatcher)


# ---- signed in on the website ---------------------------------------------------------------


def customer_token(running_backend: RunningBackend, email: str) -> str:
    status, body = running_backend.call("POST", "/api/customer-tokens", {"email": email})
    assert status == 201, body
    return body["token"]


async def test_a_signed_in_customer_is_never_asked_for_the_email(
    backend: ClaimsBackend,
    running_backend: RunningBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    token = customer_token(running_backend, DANA)
    slots = await run_order_answer(backend, dispatcher, domain, {"customer_token": token})
    assert slots["customer_email"] == DANA
    assert slots["claim_order"]["email"] == DANA  # checked against the order
    assert slots["requested_slot"] != "customer_email"


@pytest.mark.parametrize("token", ["not-a-token", "", 42])
async def test_a_bad_customer_token_just_means_the_email_is_asked(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict, token: Any
) -> None:
    slots = await run_order_answer(backend, dispatcher, domain, {"customer_token": token})
    assert slots.get("customer_email") is None
    assert slots["requested_slot"] == "customer_email"


async def run_order_answer(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict, metadata: dict
) -> dict[str, Any]:
    form: ValidateClaimForm = validator(backend)
    events = await form.run(
        dispatcher,
        form_tracker(
            {"order_id": SINGLE_ITEM_ORDER},
            requested="order_id",
            text=SINGLE_ITEM_ORDER,
            metadata=metadata,
        ),
        domain,
    )
    return slot_events(events)


# ---- files sent while another question is open ------------------------------------------------


async def test_files_sent_with_no_words_are_kept_and_the_open_question_stays_open(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run(
        validator(backend),
        dispatcher,
        domain,
        requested="incident_date",
        slots={**UP_TO_HARM, "incident_date": None},
        candidates={"incident_date": "📎 rug.png"},
        text="📎 rug.png",
        metadata={"evidence_ids": ["EV-1"]},
    )
    assert slots["evidence_ids"] == ["EV-1"]
    assert slots.get("incident_date") is None
    assert slots["requested_slot"] == "incident_date"
    assert "I've got 1 file" in texts(dispatcher)
    assert "date" not in texts(dispatcher)  # not refused as a date

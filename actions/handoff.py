"""Handing the conversation to a person from the claims team, and taking it back.

A handoff is queued in the backend (`POST /api/handoffs`) with the reason and the claim facts so
far; the assistant keeps going until an agent takes the conversation over (the backend pauses
the assistant then). When the agent hands the conversation back, or hands a customer to the
assistant with facts already known, the backend triggers the intent `agent_handback` and
`ActionContinueAfterHandoff` picks the claim up at its next missing question.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.claims_backend import BackendUnavailable, ClaimsBackend, Rejected
from actions.handoff_triggers import (
    CUSTOMER_ASKED,
    DISTRESS,
    LEGAL_ACTION,
    REPEATED_MISUNDERSTANDING,
    SERIOUS_INJURY,
    handoff_reason,
)
from actions.message_facts import MessageFacts
from claims_contract.claims import FACT_SLOTS

HANDOFF_SLOT = "handoff_reason"
CLAIM_FORM = "claim_form"
# How Rasa writes an intent the backend triggers: not a message from the customer.
_TRIGGERED = "EXTERNAL: "

QUEUED = {
    CUSTOMER_ASKED: (
        "I've asked a colleague from the claims team to join this chat; they'll answer right "
        "here as soon as they can. I've kept everything you've told me so far."
    ),
    REPEATED_MISUNDERSTANDING: (
        "I'm sorry I'm having trouble understanding. I've asked a colleague from the claims "
        "team to join this chat; they'll answer right here as soon as they can. Meanwhile I'll "
        "keep everything you tell me."
    ),
    LEGAL_ACTION: (
        "Understood. I've let our claims team know, and a colleague will join this chat as "
        "soon as they can. Meanwhile I can keep taking down your claim, so nothing is lost."
    ),
    SERIOUS_INJURY: (
        "I'm so sorry you were hurt. I've asked a colleague from the claims team to join this "
        "chat and look after your claim personally. Meanwhile I'll keep taking down the "
        "details, so nothing is lost."
    ),
    DISTRESS: (
        "I'm sorry you're going through this. I've asked a colleague from the claims team to "
        "join this chat; they'll be with you as soon as they can. I'm here meanwhile, and "
        "I'll keep everything you tell me."
    ),
}
CARRY_ON_MEANWHILE = 'If you\'d like to carry on with me meanwhile, say "continue my claim".'
TEAM_UNREACHABLE = (
    "I couldn't reach the claims team just now, I'm sorry. I've kept everything you've told "
    'me; say "talk to a person" again in a few minutes, or carry on with me meanwhile.'
)
# What the intent of the message that asked says about why.
_REASON_OF_INTENT = {
    "ask_human": CUSTOMER_ASKED,
    "nlu_fallback": REPEATED_MISUNDERSTANDING,
    "emergency": SERIOUS_INJURY,
}


def claim_facts_so_far(tracker: Tracker) -> dict[str, Any]:
    """The claim facts the conversation has collected (unanswered ones left out)."""
    return {
        slot: value for slot in FACT_SLOTS if (value := tracker.get_slot(slot)) not in (None, [])
    }


async def queue_handoff(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, tracker: Tracker, reason: str
) -> bool:
    """Ask the backend to put this conversation in the agents' queue; tell the customer."""
    found = await backend.request_handoff(
        conversation_id=tracker.sender_id,
        channel=tracker.get_latest_input_channel(),
        reason=reason,
        facts=claim_facts_so_far(tracker),
        customer_message=(tracker.latest_message or {}).get("text"),
    )
    if isinstance(found, (Rejected, BackendUnavailable)):
        dispatcher.utter_message(text=TEAM_UNREACHABLE)
        return False
    dispatcher.utter_message(text=QUEUED[reason])
    if reason == CUSTOMER_ASKED and tracker.get_slot("claim_run_id"):
        # The claim waits (answers kept) while the customer waits for a person.
        dispatcher.utter_message(text=CARRY_ON_MEANWHILE)
    return True


def customer_typed_before(tracker: Tracker) -> bool:
    """Whether the customer has written (or pressed a button) in this conversation: an agent's
    intake starts a conversation the customer has not written in yet."""
    return any(
        event.get("event") == "user"
        and isinstance(event.get("text"), str)
        and not event["text"].startswith(_TRIGGERED)
        for event in tracker.events
    )


class ActionRequestHandoff(Action):
    """Queue the conversation for a person: asked for, not understood twice, or an emergency."""

    def __init__(self, backend: ClaimsBackend | None = None) -> None:
        self.backend = backend or ClaimsBackend()

    def name(self) -> str:
        return "action_request_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        reason = _REASON_OF_INTENT.get(intent) or (
            handoff_reason(message.get("text") or "", MessageFacts()) or CUSTOMER_ASKED
        )
        queued = await queue_handoff(self.backend, dispatcher, tracker, reason)
        return [SlotSet(HANDOFF_SLOT, reason)] if queued else []


class ActionContinueAfterHandoff(Action):
    """The agent handed the conversation (back) to the assistant: say so and carry on with the
    claim at its next missing question, every answer kept."""

    def name(self) -> str:
        return "action_continue_after_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SlotSet(HANDOFF_SLOT, None)]
        claim_going_on = bool(claim_facts_so_far(tracker))
        if not customer_typed_before(tracker):
            order = tracker.get_slot("order_id")
            dispatcher.utter_message(
                text="Hello! A colleague from the claims team asked me to help you file your "
                f"claim{f' about order {order}' if order else ''}. It only takes a few minutes."
            )
        elif claim_going_on:
            dispatcher.utter_message(
                text="Thanks for waiting — I'm back. Let's carry on with your claim; "
                "I've kept all your answers."
            )
        else:
            dispatcher.utter_message(
                text="Thanks for waiting — I'm back. How else can I help? If a product caused "
                "harm, just tell me what happened."
            )
        if claim_going_on and not tracker.active_loop.get("name"):
            events.append(FollowupAction(CLAIM_FORM))
        return events

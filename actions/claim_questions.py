"""The claim form's questions that show the customer's own order or claim, one
`action_ask_<slot>` action each: the order's items as buttons, the files already sent, the
summary to confirm.

The other questions have fixed wording: they are domain responses (`utter_ask_<slot>` in
domain.yml), which Rasa says without calling the action server. Either way, after an answer that
could not be used a question is asked again in other words (`rephrased` here; the variation
without the `form_validation_failures: null` condition there).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.claim_draft import ClaimDraft
from actions.claim_form import order_items
from actions.form_base import FAILURES_SLOT

Button = dict[str, str]


class AskQuestion(Action, ABC):
    """Asks for one slot of the claim form (abstract: subclasses set `slot`)."""

    slot: str = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    #: the question in other, simpler words, asked after an answer that could not be used
    rephrased: str = ""

    @abstractmethod
    def question(self, tracker: Tracker) -> str:
        """The question's text."""

    def buttons(self, tracker: Tracker) -> list[Button]:
        """Quick answers, if any."""
        return []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        again = bool(tracker.get_slot(FAILURES_SLOT)) and self.rephrased
        message: dict[str, Any] = {"text": self.rephrased if again else self.question(tracker)}
        buttons = self.buttons(tracker)
        if buttons:
            message["buttons"] = buttons
        dispatcher.utter_message(**message)
        return []


class AskClaimSku(AskQuestion):
    slot = "claim_sku"
    rephrased = (
        "Let me ask another way: tap the item that caused the harm, or type a word from its name."
    )

    def question(self, tracker: Tracker) -> str:
        return "Which item from that order caused the problem?"

    def buttons(self, tracker: Tracker) -> list[Button]:
        return [{"title": item["title"], "payload": item["sku"]} for item in order_items(tracker)]


class AskEvidenceProvided(AskQuestion):
    slot = "evidence_provided"
    rephrased = 'Let me ask another way: attach photos or documents with the paperclip button, or say "none" if you have nothing yet.'

    def question(self, tracker: Tracker) -> str:
        files = len(tracker.get_slot("evidence_ids") or [])
        if files:
            return (
                f"I already have {files} file{'s' if files != 1 else ''} from you. Attach "
                'any other photos, receipts or medical papers now, or say "that\'s all".'
            )
        return (
            "Please attach photos of the product and the damage, receipts or medical "
            'papers. If you don\'t have any yet, say "none" — you can add them later.'
        )

    def buttons(self, tracker: Tracker) -> list[Button]:
        if tracker.get_slot("evidence_ids"):
            return [{"title": "That's all", "payload": "/no_evidence"}]
        return [{"title": "I have none yet", "payload": "/no_evidence"}]


class AskClaimConfirmed(AskQuestion):
    slot = "claim_confirmed"
    rephrased = 'Please say "yes" to file the claim as shown, or "no" to change something.'

    def question(self, tracker: Tracker) -> str:
        try:
            summary = ClaimDraft.from_tracker(tracker).summary()
        except KeyError:
            summary = "(some answers are still missing)"
        return f"Here is your claim:\n{summary}\nShall I file it?"

    def buttons(self, tracker: Tracker) -> list[Button]:
        return [
            {"title": "Yes, file it", "payload": "/affirm"},
            {"title": "No, change something", "payload": "/deny"},
        ]

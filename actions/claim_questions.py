"""The claim form's questions, one `action_ask_<slot>` action each.

After an answer that could not be used, a question is asked again in other words (`rephrased`).

They are actions rather than domain responses because several show the customer's own order
(item titles as buttons, the item's name, the summary) — and so all of the form's wording is in
one place, in the order it is asked.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.claim_draft import ClaimDraft
from actions.claim_form import item_title, order_items
from actions.form_base import FAILURES_SLOT
from actions.parsing import ORDER_ID_EXAMPLE

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


def _the_item(tracker: Tracker) -> str:
    title = item_title(tracker)
    return f"the {title}" if title else "the product"


class AskOrderId(AskQuestion):
    slot = "order_id"
    rephrased = "Let me ask another way: the order number is three digits, seven digits and seven digits with dashes, like 112-1234567-1234567. You'll find it in the email confirming your order, or under Your Orders."

    def question(self, tracker: Tracker) -> str:
        return (
            f"What's the order number? It looks like {ORDER_ID_EXAMPLE} and is in your "
            "order confirmation email."
        )


class AskCustomerEmail(AskQuestion):
    slot = "customer_email"
    rephrased = "Let me ask another way: which email address did you place that order with? It should look like name@example.com."

    def question(self, tracker: Tracker) -> str:
        return "What email address did you use for that order?"


class AskClaimSku(AskQuestion):
    slot = "claim_sku"
    rephrased = (
        "Let me ask another way: tap the item that caused the harm, or type a word from its name."
    )

    def question(self, tracker: Tracker) -> str:
        return "Which item from that order caused the problem?"

    def buttons(self, tracker: Tracker) -> list[Button]:
        return [{"title": item["title"], "payload": item["sku"]} for item in order_items(tracker)]


class AskIncidentDate(AskQuestion):
    slot = "incident_date"
    rephrased = 'Let me ask another way: on what day did it happen? For example "yesterday", "last Tuesday", "October 2" or 2026-10-02.'

    def question(self, tracker: Tracker) -> str:
        return (
            f"When did it happen with {_the_item(tracker)}? A date like 2026-10-02, "
            '"October 2", "yesterday" or "last Tuesday" is fine.'
        )


class AskDefectDescription(AskQuestion):
    slot = "defect_description"
    rephrased = 'Let me ask another way: in a sentence, what went wrong with the product? For example "the cord melted" or "the glass shattered".'

    def question(self, tracker: Tracker) -> str:
        return (
            f"What was defective about {_the_item(tracker)}? Tell me in your own words "
            "what went wrong with it."
        )


class AskHarmKind(AskQuestion):
    slot = "harm_kind"
    rephrased = "Let me ask another way: was something damaged (property), was someone hurt (injury), or both?"

    def question(self, tracker: Tracker) -> str:
        return "Did it cause property damage, an injury, or both?"

    def buttons(self, tracker: Tracker) -> list[Button]:
        return [
            {"title": "Property damage", "payload": "property damage"},
            {"title": "Injury", "payload": "injury"},
            {"title": "Both", "payload": "both"},
        ]


class AskPropertyDamageDescription(AskQuestion):
    slot = "property_damage_description"
    rephrased = 'Let me ask another way: what was damaged? For example "the rug and the wall behind the heater were scorched".'

    def question(self, tracker: Tracker) -> str:
        return "Please describe the property damage: what was damaged, and how?"


class AskPropertyDamageAmount(AskQuestion):
    slot = "property_damage_amount"
    rephrased = "Let me ask another way: roughly how many dollars will the repair or replacement cost? A number like 350 is enough."

    def question(self, tracker: Tracker) -> str:
        return (
            "How much will it cost to repair or replace what was damaged? An estimate in "
            "dollars is fine, for example $350."
        )


class AskInjuryDescription(AskQuestion):
    slot = "injury_description"
    rephrased = (
        'Let me ask another way: who was hurt, and how? For example "a burn on my right hand".'
    )

    def question(self, tracker: Tracker) -> str:
        return "I'm sorry someone was hurt. Please describe the injury."


class AskInjuryTreatment(AskQuestion):
    slot = "injury_treatment"
    rephrased = "Let me ask another way: was the injury treated at home (first aid), by a doctor, in the emergency room, with a hospital stay, or not at all?"

    def question(self, tracker: Tracker) -> str:
        return "What treatment did the injury need?"

    def buttons(self, tracker: Tracker) -> list[Button]:
        return [
            {"title": "No treatment", "payload": "none"},
            {"title": "First aid", "payload": "first aid"},
            {"title": "Saw a doctor", "payload": "doctor"},
            {"title": "Emergency room", "payload": "emergency room"},
            {"title": "Hospital stay", "payload": "hospitalized"},
        ]


class AskMedicalCosts(AskQuestion):
    slot = "medical_costs"
    rephrased = "Let me ask another way: how many dollars have you paid or been billed for treatment? Say 0 if nothing."

    def question(self, tracker: Tracker) -> str:
        return "How much have the medical costs come to? Say 0 if there were none."


class AskLostEarnings(AskQuestion):
    slot = "lost_earnings"
    rephrased = "Let me ask another way: how much pay did you lose because of the injury, in dollars? Say 0 if none."

    def question(self, tracker: Tracker) -> str:
        return (
            "Did the injury cost you any earnings, for example days off work? Tell me the "
            "amount, or 0 if none."
        )


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


class AskClaimCorrection(AskQuestion):
    slot = "claim_correction"

    def question(self, tracker: Tracker) -> str:
        return (
            'What would you like to change? For example "the date", "the amount", '
            '"the injury" or "the email" — or say "start over".'
        )


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

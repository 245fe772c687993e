"""Why the assistant asks what it asks: the answer to "why do you need my email?" names the
question being asked and what the claim does with the answer."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

# The question being asked (requested_slot) -> why the claim needs its answer.
WHY_NEEDED = {
    "order_id": "The order number tells me which purchase the claim is about, so I can check "
    "the product, the seller and the delivery date.",
    "customer_email": "The email on the order proves the order is yours — only the customer who "
    "placed it can claim for it. I only use it to check that, and to keep you "
    "informed about the claim.",
    "claim_sku": "Your order has several items; the claim goes to the seller of the one that "
    "caused the harm.",
    "incident_date": "The date shows the harm happened after delivery, and claims must be filed "
    "within 90 days of the incident.",
    "defect_description": "A claim is about a defective product: what went wrong with it is "
    "what the seller and its insurer look at first.",
    "harm_kind": "A claim covers property damage and injuries, and each needs a few details of "
    "its own.",
    "property_damage_description": "Knowing what was damaged lets us check the cost and pay "
    "the right amount.",
    "property_damage_amount": "The repair or replacement cost is what the claim pays for "
    "property damage; claims under $1,000 are paid at once.",
    "injury_description": "Knowing the injury lets us cover the medical costs that go with it.",
    "injury_treatment": "The treatment shows how serious the injury was and which medical "
    "costs belong to it.",
    "medical_costs": "Medical bills are part of what the claim pays for.",
    "lost_earnings": "Earnings you lost because of the injury are covered too, so I ask in "
    "case you missed work.",
    "evidence_provided": "Photos, receipts and medical papers help the claim get paid quickly; "
    "if you have none yet you can add them later.",
    "claim_correction": "I want the claim to say exactly what happened before it is filed.",
    "claim_confirmed": "Nothing is filed until you say so: please check the summary first.",
    "claim_lookup": "The claim reference (CLM-...) or the order number tells me which claim "
    "you mean.",
    "verified_email": "Claims are private: the email on the order proves it's yours before I "
    "show or change anything.",
    "evidence_upload": "I add the files you send to the claim, so I need them attached here.",
    "withdrawal_confirmed": "Withdrawing a claim stops it for good, so I check first.",
    "withdrawal_reason": "Your reason helps the claims team; any short answer is fine.",
}
IN_GENERAL = (
    "I only ask what a claim needs: which order and product, proof that the order is "
    "yours, what went wrong and when, what it cost you, and any photos or papers."
)


class ActionExplainWhyNeeded(Action):
    """Explains why the question being asked is needed (or what a claim needs in general)."""

    def name(self) -> str:
        return "action_explain_why_needed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        asked = tracker.get_slot("requested_slot")
        dispatcher.utter_message(text=WHY_NEEDED.get(asked or "", IN_GENERAL))
        return []

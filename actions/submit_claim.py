"""Filing the confirmed claim with the backend and telling the customer, in plain words, what
happens next."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.claim_draft import ClaimDraft
from actions.claim_facts import AMOUNT_SLOTS
from actions.claim_form import CLAIM_SLOTS, FORM, INJURY_SLOTS, PROPERTY_SLOTS
from actions.claims_backend import BackendUnavailable, ClaimsBackend, FiledClaim, Rejected
from actions.form_base import RUN_ID_SLOT, UNAVAILABLE, new_run_id

# What the customer can do next, by status. What the policy decided and why is the backend's
# own explanation, so the policy's numbers (limits, windows, deadlines) live in one place.
NEXT_STEPS = {
    "concession_paid": "There's nothing more you need to do.",
    "awaiting_seller": "Keep your reference; I'll keep you posted on the seller's answer, and "
    "you can ask me for its status, add evidence or withdraw it here at any "
    "time.",
    "under_review": "A claims specialist will review it before anything is paid; we'll tell you "
    "the outcome here and by email. You can ask me for its status or add "
    "evidence here at any time.",
    "denied": 'If you think that\'s wrong, say "talk to a person" and a colleague will look at it.',
}

# What to tell the customer about a refused claim, and which answers to ask again.
FIXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "order_not_found": (
        "I couldn't find that order any more.",
        ("order_id", "customer_email", "claim_sku", "claim_order"),
    ),
    "customer_mismatch": (
        "The email address doesn't match the one on the order.",
        ("customer_email",),
    ),
    "item_not_in_order": ("That item isn't part of the order.", ("customer_email", "claim_sku")),
    "incident_before_delivery": (
        "The date you gave is before the order was delivered.",
        ("incident_date",),
    ),
    "incident_in_future": ("The date you gave is in the future.", ("incident_date",)),
    "no_harm_reported": (
        "A claim needs property damage or injury costs to claim for.",
        ("harm_kind", *PROPERTY_SLOTS, *INJURY_SLOTS),
    ),
    "amount_over_limit": ("That amount is more than a single claim can cover.", AMOUNT_SLOTS),
    "invalid_amount": ("One of the amounts couldn't be accepted.", AMOUNT_SLOTS),
    "evidence_not_found": (
        "I couldn't find the files you attached.",
        ("evidence_ids", "evidence_provided"),
    ),
}
# Backend field names -> the slot that holds the answer.
FIELD_SLOTS = {
    "order_id": "order_id",
    "customer_email": "customer_email",
    "sku": "claim_sku",
    "incident_date": "incident_date",
    "defect_description": "defect_description",
    "property_damage.description": "property_damage_description",
    "property_damage.amount": "property_damage_amount",
    "injury.description": "injury_description",
    "injury.treatment": "injury_treatment",
    "injury.medical_costs": "medical_costs",
    "injury.lost_earnings": "lost_earnings",
    "evidence_ids": "evidence_provided",
}


def outcome_message(claim: FiledClaim) -> str:
    """What the customer is told once the claim is filed: its reference, the decision, what next."""
    explanation = claim.decision.get("explanation") or (
        f"Its status is: {claim.status.replace('_', ' ')}."
    )
    return " ".join(
        part
        for part in (
            f"I've recorded your claim {claim.reference}."
            if claim.status == "denied"
            else f"Your claim {claim.reference} is filed.",
            explanation,
            NEXT_STEPS.get(claim.status),
        )
        if part
    )


class ActionSubmitClaim(Action):
    """Files the confirmed claim; on success clears the claim's slots, otherwise keeps them."""

    def __init__(self, backend: ClaimsBackend | None = None) -> None:
        self.backend = backend or ClaimsBackend()

    def name(self) -> str:
        return "action_submit_claim"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            draft = ClaimDraft.from_tracker(tracker)
        except KeyError:
            dispatcher.utter_message(text="I'm still missing part of your claim; let's finish it.")
            return [SlotSet("claim_confirmed", None), FollowupAction(FORM)]

        run_id = tracker.get_slot(RUN_ID_SLOT) or new_run_id()
        body = draft.request_body(
            channel=tracker.get_latest_input_channel() or "rest", conversation_id=tracker.sender_id
        )
        idempotency_key = f"{tracker.sender_id}:{run_id}"
        result = await self.backend.file_claim(body, idempotency_key=idempotency_key)

        if isinstance(result, BackendUnavailable):
            # Same run id next time: if this attempt did reach the backend, it won't file twice.
            dispatcher.utter_message(text=UNAVAILABLE)
            return [
                SlotSet(RUN_ID_SLOT, run_id),
                SlotSet("claim_confirmed", None),
                FollowupAction(FORM),
            ]
        if isinstance(result, Rejected):
            return self._let_customer_fix(result, dispatcher, tracker)

        dispatcher.utter_message(text=outcome_message(result))
        # The reference and the proved email let the customer ask about the claim later on.
        return [SlotSet(slot, None) for slot in CLAIM_SLOTS] + [
            SlotSet("claim_reference", result.reference),
            SlotSet("verified_email", draft.customer_email),
        ]

    @staticmethod
    def _let_customer_fix(
        rejected: Rejected, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        sentences: list[str] = []
        to_clear: list[str] = []
        for error in rejected.errors:
            sentence, slots = FIXES.get(error.code, ("", ()))
            field_slot = FIELD_SLOTS.get(error.field or "")
            if error.code in ("amount_over_limit", "invalid_amount") and field_slot:
                slots = (field_slot,)
            if not slots and field_slot:
                sentence, slots = (
                    f"There's a problem with one of your answers ({error.code}).",
                    (field_slot,),
                )
            if sentence and sentence not in sentences:
                sentences.append(sentence)
            to_clear += [slot for slot in slots if slot not in to_clear]

        events: list[EventType] = []
        if to_clear:
            dispatcher.utter_message(
                text=" ".join(sentences) + " Let's fix that — I kept your other answers."
            )
            order_id = tracker.get_slot("order_id")
            for slot in to_clear:
                if slot == "evidence_ids":
                    events.append(SlotSet(slot, []))
                elif slot in ("customer_email", "claim_sku") and "order_id" not in to_clear:
                    # The order stays known, the customer is checked against it again.
                    events += [SlotSet(slot, None), SlotSet("claim_order", {"order_id": order_id})]
                else:
                    events.append(SlotSet(slot, None))
        else:
            dispatcher.utter_message(
                text="The claims service couldn't accept the claim as it is. I kept your "
                'answers; please check them, or say "talk to a person" for help.'
            )
        # Nothing was stored, so the corrected claim is a new submission.
        return events + [
            SlotSet(RUN_ID_SLOT, new_run_id()),
            SlotSet("claim_confirmed", None),
            FollowupAction(FORM),
        ]

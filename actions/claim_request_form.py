"""After the claim: the customer asks for its status, adds evidence or withdraws it.

`action_start_claim_request` notes what was asked and what the conversation already knows (the
claim filed here, the email proved here, a reference or order number in the message), then
`claim_request_form` asks only for the rest: which claim, the order's email as proof, and the
files (more evidence) or a confirmation and a reason (withdrawal). The claim is looked up with
the backend as soon as both the claim and the email are known.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.claims_backend import BackendUnavailable, FiledClaim, Rejected
from actions.form_base import (
    UNAVAILABLE,
    ClaimsFormValidationAction,
    Revision,
    answer_text,
    evidence_in_message,
    message_is_new,
    yes_or_no,
)
from actions.message_facts import facts_in_message

FORM = "claim_request_form"
STATUS, ADD_EVIDENCE, WITHDRAW = "status", "add_evidence", "withdraw"
REQUEST_BY_INTENT = {"ask_status": STATUS, "add_evidence": ADD_EVIDENCE, "withdraw_claim": WITHDRAW}
# Slots of one request; cleared when the next request starts and when it is answered.
REQUEST_SLOTS = (
    "claim_request",
    "claim_lookup",
    "requested_claims",
    "evidence_upload",
    "withdrawal_confirmed",
    "withdrawal_reason",
)

NOT_A_LOOKUP = (
    "That doesn't look like a claim reference (like CLM-7K3Q9X) or an order number "
    f"(like {parsing.ORDER_ID_EXAMPLE})."
)


def parse_lookup(text: str) -> str | None:
    """A claim reference ("CLM-7K3Q9X") or an order number in the text, normalised."""
    return parsing.parse_claim_reference(text) or parsing.parse_order_id(text)


class ActionStartClaimRequest(Action):
    """Starts a status / more-evidence / withdrawal request with what is already known."""

    def name(self) -> str:
        return "action_start_claim_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        facts = facts_in_message(
            message.get("text") or "", message.get("entities") or [], parsing.today_utc()
        )
        lookup = (
            facts.claim_reference
            or facts.order_id
            or parse_lookup(message.get("text"))
            or tracker.get_slot("claim_reference")
        )
        request = REQUEST_BY_INTENT.get(intent or "", STATUS)
        # A withdrawal cannot be undone: the proof is asked again, never taken from earlier.
        email = facts.customer_email or (
            None if request == WITHDRAW else tracker.get_slot("verified_email")
        )
        return [
            *(SlotSet(slot, None) for slot in REQUEST_SLOTS),
            SlotSet("claim_request", request),
            SlotSet("claim_lookup", lookup),
            SlotSet("verified_email", email),
        ]


class ValidateClaimRequestForm(ClaimsFormValidationAction):
    """Validates `claim_request_form`: the claim asked about, the proof, files, withdrawal."""

    run_id_slot = None

    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Which claim and the proof; then what this request needs."""
        slots = ["claim_lookup", "verified_email"]
        request = tracker.get_slot("claim_request")
        if request == ADD_EVIDENCE:
            slots.append("evidence_upload")
        elif request == WITHDRAW:
            slots.append("withdrawal_confirmed")
            if tracker.get_slot("withdrawal_confirmed") is not False:
                slots.append("withdrawal_reason")
        return slots

    async def revise_candidates(
        self,
        candidates: dict[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Revision:
        """A reference, order number, email or files in any message are taken at once; a
        customer signed in on the website is not asked for the email."""
        if not tracker.get_slot("verified_email") and "verified_email" not in candidates:
            email = await self.signed_in_email(tracker)
            if email:
                candidates = {**candidates, "verified_email": email}
        if not message_is_new(tracker, FORM):
            return Revision(candidates)
        message = tracker.latest_message or {}
        facts = facts_in_message(
            message.get("text") or "", message.get("entities") or [], parsing.today_utc()
        )
        found: dict[str, Any] = {}
        lookup = facts.claim_reference or facts.order_id
        if lookup and lookup != tracker.get_slot("claim_lookup"):
            found["claim_lookup"] = lookup
        if facts.customer_email and facts.customer_email != tracker.get_slot("verified_email"):
            found["verified_email"] = facts.customer_email
        files = evidence_in_message(tracker)
        if files and tracker.get_slot("claim_request") == ADD_EVIDENCE:
            found["evidence_upload"] = files
        revised = dict(candidates)
        requested = tracker.get_slot("requested_slot")
        if found and requested not in found:
            # "dana@example.com" when asked for the claim: an answer, but not to that question.
            revised.pop(requested, None)
        revised.update(found)
        return Revision(revised)

    async def validate_claim_lookup(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """A claim reference or an order number."""
        lookup = parse_lookup(answer_text(value))
        if lookup is None:
            dispatcher.utter_message(text=NOT_A_LOOKUP)
        return {"claim_lookup": lookup, "requested_claims": None}

    async def validate_verified_email(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """An email address (checked against the claim once both are known)."""
        email = parsing.parse_email(answer_text(value))
        if email is None:
            dispatcher.utter_message(
                text="That doesn't look like an email address (like name@example.com)."
            )
        return {"verified_email": email, "requested_claims": None}

    async def validate_evidence_upload(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """The files attached to the message; "none after all" ends the request."""
        files = value if isinstance(value, list) else evidence_in_message(tracker)
        if files:
            return {"evidence_upload": files}
        if parsing.says_none_yet(answer_text(value)):
            return {"evidence_upload": []}
        dispatcher.utter_message(text="I haven't received any files yet.")
        return {"evidence_upload": None}

    async def validate_withdrawal_confirmed(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Yes withdraws (after a reason), no keeps the claim."""
        return {
            "withdrawal_confirmed": yes_or_no(
                value, dispatcher, "Please answer yes to withdraw the claim, or no to keep it."
            )
        }

    async def validate_withdrawal_reason(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Any short reason."""
        reason = answer_text(value)
        if not reason:
            return {"withdrawal_reason": None}
        return {"withdrawal_reason": reason[:1000]}

    async def after_validation(
        self,
        revision: Revision,
        validated: dict[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Look the claim up once the claim and the email are both known."""
        lookup = tracker.get_slot("claim_lookup")
        email = tracker.get_slot("verified_email")
        if not lookup or not email or tracker.get_slot("requested_claims"):
            return {}
        if lookup.startswith("CLM-"):
            found = await self.backend.get_claim(lookup, email, tracker.sender_id)
        else:
            found = await self.backend.claims_on_order(lookup, email, tracker.sender_id)
        if isinstance(found, BackendUnavailable):
            dispatcher.utter_message(text=UNAVAILABLE)
            return {"claim_lookup": None}
        claims = (
            [found]
            if isinstance(found, FiledClaim)
            else ([] if isinstance(found, Rejected) else found)
        )
        if not claims:
            # Either could be wrong; the email is asked again, and a corrected reference or
            # order number in any message is taken too.
            what = f"claim {lookup}" if lookup.startswith("CLM-") else f"a claim on order {lookup}"
            dispatcher.utter_message(
                text=f"I couldn't find {what} for {email}. Please check the email on the order "
                "(or tell me the right reference or order number)."
            )
            return {"verified_email": None}
        if len(claims) > 1 and tracker.get_slot("claim_request") != STATUS:
            dispatcher.utter_message(text=f"There are {len(claims)} claims on order {lookup}.")
            return {"claim_lookup": None, "requested_claims": [claim.reference for claim in claims]}
        return {"requested_claims": [claim.reference for claim in claims]}

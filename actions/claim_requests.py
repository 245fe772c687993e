"""Answering a request about a filed claim once `claim_request_form` has what it needs: its
status in plain words, files added to it, or its withdrawal."""

from __future__ import annotations

from datetime import date, datetime

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.claim_request_form import ADD_EVIDENCE, REQUEST_SLOTS, WITHDRAW
from actions.claims_backend import (
    OTHER_CONVERSATION,
    BackendUnavailable,
    ClaimsBackend,
    FiledClaim,
    Rejected,
)
from actions.form_base import UNAVAILABLE, latest_user_metadata
from actions.parsing import format_money

# Where a claim stands, in the customer's words; `{due}` is the seller's deadline.
STATUS_WORDS = {
    "under_review": "is being checked by our claims specialists; nothing is paid until they "
    "finish, and we'll tell you the outcome here and by email",
    "denied": "was not accepted",
    "concession_paid": "was accepted and paid by the marketplace",
    "awaiting_seller": "is with the seller, who must answer by {due}; if they don't, the "
    "marketplace steps in",
    "seller_accepted": "was accepted by the seller, who (or whose insurer) pays it",
    "seller_rejected": "was rejected by the seller; the marketplace is deciding whether to "
    "step in and pay you",
    "marketplace_stepped_in": "is being paid by the marketplace, which stepped in for the seller",
    "withdrawn": "was withdrawn",
    "closed": "is closed",
}
FINISHED = "claim_finished"


def readable_day(value: str | None) -> str:
    """ "2026-12-02T10:00:00Z" -> "2 December 2026" (the backend's own wording of deadlines)."""
    if not value:
        return "the deadline"
    try:
        day = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        day = date.fromisoformat(value[:10])
    return f"{day.day} {day:%B %Y}"


def claim_status(claim: FiledClaim) -> str:
    """One claim's status as a sentence, with the decision's reasons when it was denied."""
    words = STATUS_WORDS.get(claim.status, f"is {claim.status.replace('_', ' ')}")
    sentence = f"Claim {claim.reference}"
    if claim.claimed_total is not None:
        sentence += f" ({format_money(claim.claimed_total)})"
    sentence += f" {words.format(due=readable_day(claim.seller_response_due))}."
    if claim.status == "denied" and claim.decision.get("explanation"):
        sentence += f" {claim.decision['explanation']}"
    return sentence


class ActionCompleteClaimRequest(Action):
    """Tells the status, adds the files or withdraws the claim; then forgets the request (the
    email the customer proved is kept for the rest of the conversation)."""

    def __init__(self, backend: ClaimsBackend | None = None) -> None:
        self.backend = backend or ClaimsBackend()

    def name(self) -> str:
        return "action_complete_claim_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        request = tracker.get_slot("claim_request")
        references = list(tracker.get_slot("requested_claims") or [])
        email = tracker.get_slot("verified_email") or ""
        if not references:
            dispatcher.utter_message(text="I couldn't find that claim.")
        elif request == ADD_EVIDENCE:
            await self._add_evidence(references[0], email, dispatcher, tracker)
        elif request == WITHDRAW:
            await self._withdraw(references[0], email, dispatcher, tracker)
        else:
            await self._tell_status(references, email, dispatcher)
        events = [SlotSet(slot, None) for slot in REQUEST_SLOTS]
        if len(references) == 1:
            # "And can I withdraw it?" next is about the same claim.
            events.append(SlotSet("claim_reference", references[0]))
        return events

    async def _tell_status(
        self, references: list[str], email: str, dispatcher: CollectingDispatcher
    ) -> None:
        sentences = []
        for reference in references:
            claim = await self.backend.get_claim(reference, email)
            if isinstance(claim, BackendUnavailable):
                dispatcher.utter_message(text=UNAVAILABLE)
                return
            if isinstance(claim, FiledClaim):
                sentences.append(claim_status(claim))
        dispatcher.utter_message(text=" ".join(sentences) or "I couldn't find that claim.")

    async def _add_evidence(
        self, reference: str, email: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        files = list(tracker.get_slot("evidence_upload") or [])
        if not files:
            dispatcher.utter_message(
                text=f"No problem — you can add files to {reference} whenever you have them."
            )
            return
        claim = await self.backend.add_evidence(reference, email, files)
        if isinstance(claim, BackendUnavailable):
            dispatcher.utter_message(text=UNAVAILABLE)
        elif isinstance(claim, Rejected):
            dispatcher.utter_message(text=_refusal(reference, claim, "add files to it"))
        else:
            count = len(files)
            dispatcher.utter_message(
                text=f"Thank you — I've added {count} file{'s' if count != 1 else ''} to "
                f"{reference}; it now has {claim.evidence_count} in all."
            )

    async def _withdraw(
        self, reference: str, email: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        if tracker.get_slot("withdrawal_confirmed") is not True:
            dispatcher.utter_message(text=f"All right — {reference} stays as it is.")
            return
        reason = tracker.get_slot("withdrawal_reason") or ""
        token = latest_user_metadata(tracker).get("customer_token")
        claim = await self.backend.withdraw_claim(
            reference,
            email,
            reason,
            tracker.sender_id,
            token.strip() if isinstance(token, str) and token.strip() else None,
        )
        if isinstance(claim, BackendUnavailable):
            dispatcher.utter_message(text=UNAVAILABLE)
        elif isinstance(claim, Rejected):
            dispatcher.utter_message(text=_refusal(reference, claim, "withdraw it"))
        else:
            dispatcher.utter_message(
                text=f"Done — claim {reference} is withdrawn. Thank you for telling me why. "
                "If something else goes wrong with a product, I'm here."
            )


def _refusal(reference: str, rejected: Rejected, what: str) -> str:
    if rejected.has(OTHER_CONVERSATION):
        return (
            f"Claim {reference} was filed in another conversation, so I can't {what} here. "
            "Please sign in on our website and ask me there, or continue where you filed it."
        )
    if rejected.has(FINISHED):
        return (
            f"Claim {reference} is already settled, so I can't {what} any more. If you "
            'think something is wrong, say "talk to a person".'
        )
    if rejected.has("evidence_not_found"):
        return "I couldn't find the files you attached; could you send them again?"
    return (
        f"The claims service couldn't {what} for {reference} ({', '.join(rejected.codes)}). "
        'Say "talk to a person" and a colleague will help.'
    )

"""The questions of `claim_request_form` (status, more evidence, withdrawal), one
`action_ask_<slot>` action each, in the style of actions/claim_questions.py."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.claim_questions import AskQuestion, Button


class AskClaimLookup(AskQuestion):
    slot = "claim_lookup"
    rephrased = (
        "Let me ask another way: the claim reference starts with CLM- and is in the "
        "message I sent when the claim was filed. The order number (like "
        "112-1234567-1234567) works too."
    )

    def question(self, tracker: Tracker) -> str:
        if tracker.get_slot("requested_claims"):
            return "Which claim do you mean?"
        return (
            "Which claim is it about? Tell me its reference (like CLM-7K3Q9X) or the order number."
        )

    def buttons(self, tracker: Tracker) -> list[Button]:
        return [
            {"title": reference, "payload": reference}
            for reference in tracker.get_slot("requested_claims") or []
        ]


class AskVerifiedEmail(AskQuestion):
    slot = "verified_email"
    rephrased = (
        "Let me ask another way: which email address did you place the order with? "
        "It should look like name@example.com."
    )

    def question(self, tracker: Tracker) -> str:
        return "To keep claims private: what email address did you use for that order?"


class AskEvidenceUpload(AskQuestion):
    slot = "evidence_upload"
    rephrased = (
        "Let me ask another way: attach the photos or documents with the paperclip "
        'button, or say "none" if you\'d rather add them later.'
    )

    def question(self, tracker: Tracker) -> str:
        return (
            "Please attach the photos, receipts or medical papers you'd like to add to "
            f"{tracker.get_slot('claim_lookup')}."
        )


class AskWithdrawalConfirmed(AskQuestion):
    slot = "withdrawal_confirmed"
    rephrased = 'Please say "yes" to withdraw the claim, or "no" to keep it.'

    def question(self, tracker: Tracker) -> str:
        return (
            f"Do you really want to withdraw claim {tracker.get_slot('claim_lookup')}? "
            "Once withdrawn, it won't be paid or looked at any more."
        )

    def buttons(self, tracker: Tracker) -> list[Button]:
        return [
            {"title": "Yes, withdraw it", "payload": "/affirm"},
            {"title": "No, keep it", "payload": "/deny"},
        ]


class AskWithdrawalReason(AskQuestion):
    slot = "withdrawal_reason"
    rephrased = 'Any short reason is fine, for example "the seller refunded me".'

    def question(self, tracker: Tracker) -> str:
        return "May I ask why you're withdrawing it? A few words are enough."

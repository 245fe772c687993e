"""The question of `claim_request_form` (status, more evidence, withdrawal) that shows the
customer's own claims as buttons; its other questions are domain responses (`utter_ask_<slot>`),
as in actions/claim_questions.py."""

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

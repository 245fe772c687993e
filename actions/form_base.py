"""Behaviour every form of the claims assistant shares, so a form's validator is only its own
`validate_<slot>` methods (the pattern of RasaHQ/financial-demo's CustomFormValidationAction):

- side slots: values picked up from *any* message while the form runs, not asked for
  (e.g. evidence ids that arrive as message metadata), via `extract_<slot>` methods;
- slot candidates revised before validation (`revise_candidates`): a form adds what else the
  message said and may drop the text answer to its question when the message was about
  something else (a correction, an answer given out of order);
- a run id per form run, for idempotent submission;
- counting failed answers to the same question: the question is asked again in other words,
  and the second time a person from the claims team is asked to join (a handoff);
- the signed-in customer's email, from the website's customer token in the message metadata.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict
from rasa_sdk.utils import call_potential_coroutine

from actions.claims_backend import ClaimsBackend
from actions.handoff import HANDOFF_SLOT, queue_handoff
from actions.handoff_triggers import REPEATED_MISUNDERSTANDING
from actions.parsing import parse_yes_no

RUN_ID_SLOT = "claim_run_id"
# How the chat page and the messaging channels mark a message that carries only files.
ATTACHMENT_MARK = "📎"
FAILURES_SLOT = "form_validation_failures"
# The first refused answer gets the question in other words, the second also asks a person to
# join.
MAX_FAILED_ANSWERS = 2

UNAVAILABLE = (
    "The claims service is unavailable right now; I kept your answers, "
    "please try again in a minute."
)


def new_run_id() -> str:
    """A fresh id for one claim being filled in."""
    return uuid.uuid4().hex[:16]


def latest_user_event(tracker: Tracker) -> dict[str, Any]:
    """The latest `user` event of the conversation ({} when there is none)."""
    return next((event for event in reversed(tracker.events) if event.get("event") == "user"), {})


def latest_user_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata of the latest user message (Rasa stores it on the `user` event)."""
    metadata = latest_user_event(tracker).get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def evidence_in_message(tracker: Tracker) -> list[str]:
    """The "EV-..." ids attached to the latest message (`metadata.evidence_ids`), in order,
    without blanks or repeats; [] when there are none or the metadata is malformed."""
    arrived = latest_user_metadata(tracker).get("evidence_ids") or []
    if not isinstance(arrived, list):
        return []
    return list(dict.fromkeys(i.strip() for i in arrived if isinstance(i, str) and i.strip()))


def answer_text(value: Any) -> str:
    """A slot candidate as text to parse ("" for a button's bool, a list of files, None)."""
    return value.strip() if isinstance(value, str) else ""


def yes_or_no(value: Any, dispatcher: CollectingDispatcher, ask_again: str) -> bool | None:
    """A yes/no answer: a button's bool, or yes or no in words; otherwise `ask_again` is said
    and None returned (the question stays open)."""
    answer = value if isinstance(value, bool) else parse_yes_no(answer_text(value))
    if answer is None:
        dispatcher.utter_message(text=ask_again)
    return answer


def message_is_new(tracker: Tracker, form: str) -> bool:
    """Whether the latest user message reaches the form for the first time.

    The tracker Rasa sends to a form's validator ends with the form's own (temporary) action
    event and the slot candidates; an earlier run of the form after the same message (when it
    comes back after a digression or a failed filing) means the message was read already.
    """
    runs = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return runs <= 1
        if event.get("event") == "action" and event.get("name") == form:
            runs += 1
    return False


@dataclass(frozen=True)
class Revision:
    """The slot candidates to validate, in order, and which of them change earlier answers."""

    candidates: dict[str, Any]
    corrected: tuple[str, ...] = ()
    added: tuple[str, ...] = ()  # answered by the message besides the question asked
    cleared: tuple[str, ...] = ()  # answers the message made void (a harm ruled out)


class ClaimsFormValidationAction(FormValidationAction, ABC):
    """Base validator of our forms (abstract: the action server does not register it)."""

    #: slots filled from any message while the form runs, by `extract_<slot>` methods
    side_slots: tuple[str, ...] = ()
    #: the slot holding this run's id (None: the form files nothing, needs no id)
    run_id_slot: str | None = RUN_ID_SLOT

    def __init__(self, backend: ClaimsBackend | None = None) -> None:
        self.backend = backend or ClaimsBackend()

    @abstractmethod
    def name(self) -> str:
        """validate_<form name>"""

    async def revise_candidates(
        self,
        candidates: dict[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Revision:
        """The slot candidates to validate, in order; by default those Rasa extracted."""
        return Revision(candidates)

    def describe(self, slot: str, value: Any, tracker: Tracker) -> tuple[str, str]:
        """A slot's name and value in the customer's words, to say what was changed."""
        return slot.replace("_", " "), str(value)

    async def after_validation(
        self,
        revision: Revision,
        validated: dict[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """More slots to set once the candidates are validated (none by default)."""
        return {}

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Extract side slots, revise and validate the candidates, pick the next question."""
        asked = tracker.get_slot(REQUESTED_SLOT)
        candidates = tracker.slots_to_validate()

        events: list[EventType] = []
        if self.run_id_slot and not tracker.get_slot(self.run_id_slot):
            events.append(SlotSet(self.run_id_slot, new_run_id()))
        events += await self._extract_side_slots(dispatcher, tracker, domain)
        tracker.add_slots(events)

        revision = await self.revise_candidates(dict(candidates), dispatcher, tracker, domain)
        revised = revision.candidates
        for slot in candidates.keys() - revised.keys():
            # A dropped candidate (the text answer to a question the message did not answer)
            # goes back to unanswered: Rasa set it before calling us.
            tracker.slots[slot] = None
            events.append(SlotSet(slot, None))
        tracker.slots.update(revised)

        validated = await self._validate(revised, dispatcher, tracker, domain)
        self._say_what_changed(revision, validated, dispatcher, tracker)
        validated.update(
            await self.after_validation(revision, validated, dispatcher, tracker, domain)
        )
        tracker.slots.update(validated)
        form_events: list[EventType] = [SlotSet(slot, value) for slot, value in validated.items()]
        next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
        if next_slot:
            form_events.append(next_slot)

        events += form_events
        failures = self._failed_answers(asked, revised, validated, tracker)
        if failures is not None:
            if failures >= MAX_FAILED_ANSWERS:
                failures = 0
                if await queue_handoff(
                    self.backend, dispatcher, tracker, REPEATED_MISUNDERSTANDING
                ):
                    events.append(SlotSet(HANDOFF_SLOT, REPEATED_MISUNDERSTANDING))
            events.append(SlotSet(FAILURES_SLOT, failures or None))
        return events

    async def signed_in_email(self, tracker: Tracker) -> str | None:
        """The email of a customer signed in on the website: the message metadata's
        `customer_token`, as the backend vouches for it (None without a valid one)."""
        token = latest_user_metadata(tracker).get("customer_token")
        if not isinstance(token, str) or not token.strip():
            return None
        email = await self.backend.customer_of_token(token.strip())
        return email if isinstance(email, str) else None

    async def _validate(
        self,
        candidates: dict[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Run `validate_<slot>` for each candidate this form needs, in order."""
        needed = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        validated: dict[str, Any] = {}
        questions = self.domain_slots(domain)
        for slot, value in candidates.items():
            if slot not in questions:
                validated[slot] = value  # kept by the form, never asked: nothing to validate
                continue
            validate = getattr(self, f"validate_{slot}", None)
            if slot not in needed or validate is None:
                continue
            output = await call_potential_coroutine(validate(value, dispatcher, tracker, domain))
            validated.update(output)
            # Later validators see what earlier ones decided (the SDK does the same).
            tracker.slots.update(output)
        return validated

    def _say_what_changed(
        self,
        revision: Revision,
        validated: dict[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> None:
        changes = [
            self.describe(slot, validated[slot], tracker)
            for slot in revision.corrected
            if validated.get(slot) is not None
        ]
        if changes:
            listed = " and ".join(f"{name} to {value}" for name, value in changes)
            dispatcher.utter_message(text=f"Got it — I've changed {listed}.")

    async def _extract_side_slots(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        values: dict[str, Any] = {}
        for slot in self.side_slots:
            extract = getattr(self, f"extract_{slot}")
            values.update(await call_potential_coroutine(extract(dispatcher, tracker, domain)))
        return [SlotSet(slot, value) for slot, value in values.items()]

    def _failed_answers(
        self,
        asked: str | None,
        candidates: dict[str, Any],
        validated: dict[str, Any],
        tracker: Tracker,
    ) -> int | None:
        """How many answers in a row the question asked has refused; None when this message
        did not answer it (the count stays as it was)."""
        if not asked or asked not in candidates or asked not in validated:
            return None
        if validated[asked] is not None:
            return 0 if tracker.get_slot(FAILURES_SLOT) else None
        return int(tracker.get_slot(FAILURES_SLOT) or 0) + 1

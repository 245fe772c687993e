"""Behaviour every form of the claims assistant shares, so a form's validator is only its own
`validate_<slot>` methods (the pattern of RasaHQ/financial-demo's CustomFormValidationAction):

- side slots: values picked up from *any* message while the form runs, not asked for
  (e.g. evidence ids that arrive as message metadata), via `extract_<slot>` methods;
- a run id per form run, for idempotent submission;
- counting failed answers to the same question and, after a few, offering a person.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict
from rasa_sdk.utils import call_potential_coroutine

from actions.claims_backend import ClaimsBackend

RUN_ID_SLOT = "claim_run_id"
FAILURES_SLOT = "form_validation_failures"
MAX_FAILED_ANSWERS = 3

UNAVAILABLE = (
    "The claims service is unavailable right now; I kept your answers, "
    "please try again in a minute."
)
OFFER_A_PERSON = (
    "If this question is hard to answer here, say \"talk to a person\" and I'll pass you on "
    "to a colleague from the claims team."
)


def new_run_id() -> str:
    """A fresh id for one claim being filled in."""
    return uuid.uuid4().hex[:16]


def latest_user_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata of the latest user message (Rasa stores it on the `user` event)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            return metadata if isinstance(metadata, dict) else {}
    return {}


class ClaimsFormValidationAction(FormValidationAction, ABC):
    """Base validator of our forms (abstract: the action server does not register it)."""

    #: slots filled from any message while the form runs, by `extract_<slot>` methods
    side_slots: tuple[str, ...] = ()

    def __init__(self, backend: ClaimsBackend | None = None) -> None:
        self.backend = backend or ClaimsBackend()

    @abstractmethod
    def name(self) -> str:
        """validate_<form name>"""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Extract side slots, validate the form's slots, then do the shared bookkeeping."""
        events: list[EventType] = []
        if not tracker.get_slot(RUN_ID_SLOT):
            events.append(SlotSet(RUN_ID_SLOT, new_run_id()))
        events += await self._extract_side_slots(dispatcher, tracker, domain)
        tracker.add_slots(events)

        asked = tracker.get_slot(REQUESTED_SLOT)
        form_events = await super().run(dispatcher, tracker, domain)
        events += form_events
        events += self._count_failed_answers(asked, form_events, dispatcher, tracker)
        return events

    async def _extract_side_slots(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        values: dict[str, Any] = {}
        for slot in self.side_slots:
            extract = getattr(self, f"extract_{slot}")
            values.update(await call_potential_coroutine(extract(dispatcher, tracker, domain)))
        return [SlotSet(slot, value) for slot, value in values.items()]

    def _count_failed_answers(
        self,
        asked: str | None,
        form_events: list[EventType],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> list[EventType]:
        """After MAX_FAILED_ANSWERS refused answers to one question, offer a person."""
        if not asked:
            return []
        outcome = [e["value"] for e in form_events
                   if e.get("event") == "slot" and e.get("name") == asked]
        if not outcome:
            return []
        if outcome[-1] is not None:
            return [SlotSet(FAILURES_SLOT, None)] if tracker.get_slot(FAILURES_SLOT) else []
        failures = int(tracker.get_slot(FAILURES_SLOT) or 0) + 1
        if failures >= MAX_FAILED_ANSWERS:
            dispatcher.utter_message(text=OFFER_A_PERSON)
            failures = 0
        return [SlotSet(FAILURES_SLOT, failures)]

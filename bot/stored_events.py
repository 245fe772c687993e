"""Rasa's SQL tracker store knows, for a conversation it read this turn, which events are new.

Rasa 3.6's `SQLTrackerStore.save` finds the events to store by counting the stored ones with a
query (the conversation's latest session, a subquery), and with an event broker (the production
profile's RabbitMQ) it first reads and replays the whole conversation again to find the events
to publish: per turn, two more reads of a conversation the processor has just read. Under load
that was about 13 % of the production Rasa server's CPU (issue 15, benchmarks/results/speed.md).

`install()` marks each tracker the store returns with the number of events it read (the latest
session's, exactly what Rasa's count would find, since the conversation's lock is held for the
turn) and each tracker it saved with the number it holds; `save` then takes the events after
that mark, for the database and the broker. A tracker without a mark (a new conversation) is
saved Rasa's way.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

STORED = "_claims_events_stored"  # on a tracker: how many of its events the store holds

RASAS_OWN = {
    name: getattr(SQLTrackerStore, name)
    for name in ("retrieve", "save", "stream_events", "_additional_events")
}


def _stored(tracker: DialogueStateTracker) -> int | None:
    return getattr(tracker, STORED, None)


async def retrieve(self: SQLTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    tracker = await RASAS_OWN["retrieve"](self, sender_id)
    if tracker is not None:
        setattr(tracker, STORED, len(tracker.events))
    return tracker


async def save(self: SQLTrackerStore, tracker: DialogueStateTracker) -> None:
    await RASAS_OWN["save"](self, tracker)
    setattr(tracker, STORED, len(tracker.events))


async def stream_events(self: SQLTrackerStore, tracker: DialogueStateTracker) -> None:
    stored = _stored(tracker)
    if self.event_broker is None or stored is None:
        return await RASAS_OWN["stream_events"](self, tracker)
    new_events = list(itertools.islice(tracker.events, stored, None))
    await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)


def _additional_events(
    self: SQLTrackerStore, session: Any, tracker: DialogueStateTracker
) -> Iterator:
    stored = _stored(tracker)
    if stored is None:
        return RASAS_OWN["_additional_events"](self, session, tracker)
    return itertools.islice(tracker.events, stored, None)


def install() -> None:
    """Every SQL tracker store of this process (SQLite or PostgreSQL) saves what is new."""
    SQLTrackerStore.retrieve = retrieve
    SQLTrackerStore.save = save
    SQLTrackerStore.stream_events = stream_events
    SQLTrackerStore._additional_events = _additional_events

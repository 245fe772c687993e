"""Rasa's SQL tracker store saves a turn's new events once each, in the database and to the event
broker, without counting or reading the conversation again; new conversations as Rasa does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event

from bot import stored_events


class CollectingBroker(EventBroker):
    """An event broker that keeps what it is given (RabbitMQ's is tested in tests/production)."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)

    def is_ready(self) -> bool:
        return True


@pytest.fixture
def installed(monkeypatch) -> Iterator[None]:
    for name, function in stored_events.RASAS_OWN.items():
        monkeypatch.setattr(SQLTrackerStore, name, function)  # restored after the test
    stored_events.install()
    yield


@pytest.fixture
def store(installed, tmp_path: Path) -> SQLTrackerStore:
    return SQLTrackerStore(
        Domain.empty(),
        dialect="sqlite",
        db=str(tmp_path / "rasa.db"),
        event_broker=CollectingBroker(),
    )


@pytest.fixture
def statements(store: SQLTrackerStore) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    yield seen
    event.remove(store.engine, "before_cursor_execute", note)


def said(text: str) -> list:
    return [UserUttered(text, input_channel="rest"), ActionExecuted("utter_greet")]


async def test_a_turn_stores_and_publishes_only_its_new_events(
    store: SQLTrackerStore, statements: list[str]
) -> None:
    first = DialogueStateTracker("c-1", [])
    for happened in said("hi"):
        first.update(happened)
    await store.save(first)  # a new conversation: saved as Rasa does

    tracker = await store.retrieve("c-1")
    statements.clear()
    for happened in [*said("my kettle burned the counter"), SlotSet("harm_kind", "property")]:
        tracker.update(happened)
    await store.save(tracker)

    assert not any("count(" in statement.lower() for statement in statements)
    assert [s.split()[0].upper() for s in statements] == ["INSERT"] * 3
    again = await store.retrieve("c-1")
    assert [e.as_dict()["event"] for e in again.events] == ["user", "action"] * 2 + ["slot"]
    assert [p["event"] for p in store.event_broker.published] == ["user", "action"] * 2 + ["slot"]


async def test_saving_twice_stores_each_event_once(store: SQLTrackerStore) -> None:
    await store.save(DialogueStateTracker.from_events("c-2", said("hi")))
    tracker = await store.retrieve("c-2")
    tracker.update(UserUttered("one", input_channel="rest"))
    await store.save(tracker)
    tracker.update(UserUttered("two", input_channel="rest"))
    await store.save(tracker)
    assert [e.text for e in (await store.retrieve("c-2")).events if isinstance(e, UserUttered)] == [
        "hi",
        "one",
        "two",
    ]
    assert len(store.event_broker.published) == 4


async def test_a_new_session_in_the_turn_keeps_the_latest_session(store: SQLTrackerStore) -> None:
    await store.save(DialogueStateTracker.from_events("c-3", said("hi")))
    tracker = await store.retrieve("c-3")
    for happened in [ActionExecuted("action_session_start"), SessionStarted(), *said("back")]:
        tracker.update(happened)
    await store.save(tracker)
    latest = await store.retrieve("c-3")
    assert [e.as_dict()["event"] for e in latest.events] == ["session_started", "user", "action"]
    assert len(store.event_broker.published) == 6

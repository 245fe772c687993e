"""Event type names resolve from the table to the very classes Rasa's own search finds."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot import event_types

TYPE_NAMES = sorted({cls.type_name for cls in all_subclasses(Event)})


@pytest.mark.parametrize("type_name", TYPE_NAMES)
def test_each_type_name_resolves_as_rasa_resolves_it(type_name: str) -> None:
    assert event_types.resolve_by_type(type_name) is event_types.RASAS_OWN(type_name)


def test_names_rasa_does_not_know_are_left_to_rasa() -> None:
    assert event_types.resolve_by_type("topic") is None
    assert event_types.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        event_types.resolve_by_type("no_such_event")


def test_install_makes_rasa_read_events_through_the_table(monkeypatch) -> None:
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(event_types.RASAS_OWN))
    event_types.install()
    assert Event.resolve_by_type is event_types.resolve_by_type
    events = [
        {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}}},
        {"event": "action", "name": "utter_greet"},
        {"event": "slot", "name": "order_id", "value": "112-1234567-1234567"},
    ]
    read = [Event.from_parameters(event) for event in events]
    assert [type(event) for event in read] == [UserUttered, ActionExecuted, SlotSet]

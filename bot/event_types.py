"""Rasa finds an event's class by its type name in a table made once, not by a search per event.

Rasa 3.6's `Event.resolve_by_type` lists every known subclass of `Event` (recursively, asking
each whether it is abstract) for every event it reads: each event of a conversation loaded from
the tracker store and each event a custom action returns, on every turn. That search was about
5 % of the Rasa server's CPU under load (issue 15, benchmarks/results/profile.md). The event
classes are all defined when Rasa starts, so `install()` keeps the class of each type name, as
Rasa's search finds it, and leaves a type name it does not know to Rasa's own search (which
also answers old `topic` events and a caller's default).
"""

from __future__ import annotations

from functools import cache

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

RASAS_OWN = Event.resolve_by_type


@cache
def _classes() -> dict[str, type[Event]]:
    """Each type name's class, the first one Rasa's search would find."""
    classes: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type`, answered from the table."""
    return _classes().get(type_name) or RASAS_OWN(type_name, default)


def install() -> None:
    """Make Rasa resolve event type names from the table in this process."""
    Event.resolve_by_type = staticmethod(resolve_by_type)

"""Rasa's SQLite tracker store keeps its database connections open from turn to turn.

SQLAlchemy 1.4 (Rasa 3.6 pins it) opens a file SQLite database with `NullPool`: a new connection
for every session, and Rasa's `SQLTrackerStore` opens sessions several times a turn (to read the
conversation, to store its new events). Connecting and closing were about 5 % of the Rasa
server's CPU under load (issue 15, benchmarks/results/profile.md). `install()` gives a SQLite
tracker store what SQLAlchemy 2.0 gives every file SQLite database: a `QueuePool` of
connections that any thread may use. Other databases (PostgreSQL) keep Rasa's own settings.
"""

from __future__ import annotations

from typing import Any

import rasa.core.tracker_store
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import QueuePool

RASAS_OWN = rasa.core.tracker_store.create_engine_kwargs


def create_engine_kwargs(url: str | URL) -> dict[str, Any]:
    """Rasa's engine settings, with a pool of lasting connections for a SQLite file."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
    return RASAS_OWN(url)


def install() -> None:
    """Make every SQL tracker store this process opens use `create_engine_kwargs`."""
    rasa.core.tracker_store.create_engine_kwargs = create_engine_kwargs

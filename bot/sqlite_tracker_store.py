"""Rasa's SQLite tracker store keeps its connections open and writes ahead to a log, so a turn
does not wait for the disk.

Rasa's `SQLTrackerStore` stores each turn's events with a commit that SQLite, by default, makes
durable at once: it waits for the disk (fsync) inside the Rasa server's event loop, and every
conversation waits with it. SQLAlchemy 1.4 (Rasa 3.6 pins it) also opens a new connection for
every session. `install()` gives a SQLite tracker store a `QueuePool` of lasting connections (what
SQLAlchemy 2.0 gives every file SQLite database) and opens them in write-ahead-log mode with
`synchronous=NORMAL`: a commit is appended to the log without waiting, and the disk is
synchronised at checkpoints. Either alone bought nothing (the last connection of a pool-less
store checkpoints as it closes); together, in process, a turn's store and retrieve took 37 ms
instead of 60 ms on a busy machine (issue 15, benchmarks/results/speed.md). A power cut may lose
the last turns, never the database (SQLite's guarantee for this mode); the claims themselves are
the backend's. Other databases (PostgreSQL, the production tracker store) keep Rasa's settings.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import rasa.core.tracker_store
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import QueuePool

RASAS_OWN = rasa.core.tracker_store.create_engine_kwargs


def create_engine_kwargs(url: str | URL) -> dict[str, Any]:
    """Rasa's engine settings, with a pool of lasting connections for a SQLite file."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
    return RASAS_OWN(url)


def write_ahead(connection: Any, _record: Any) -> None:
    """Put a new SQLite connection in write-ahead-log mode, synchronised at checkpoints."""
    if isinstance(connection, sqlite3.Connection):
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")


def install() -> None:
    """SQL tracker stores of this process: a pool for a SQLite file; every SQLite connection any
    engine of this process opens (the Rasa server's only one is its tracker store's): WAL."""
    rasa.core.tracker_store.create_engine_kwargs = create_engine_kwargs
    if not event.contains(Engine, "connect", write_ahead):
        event.listen(Engine, "connect", write_ahead)

"""Rasa's SQLite tracker store keeps lasting connections in write-ahead-log mode, synchronised at
checkpoints, and keeps conversations as before; other databases keep Rasa's settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.core import tracker_store
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool, QueuePool

from bot import sqlite_tracker_store


@pytest.fixture
def installed(monkeypatch) -> Iterator[None]:
    monkeypatch.setattr(tracker_store, "create_engine_kwargs", sqlite_tracker_store.RASAS_OWN)
    sqlite_tracker_store.install()
    sqlite_tracker_store.install()  # twice is once
    yield
    event.remove(Engine, "connect", sqlite_tracker_store.write_ahead)


def store_at(path: Path) -> SQLTrackerStore:
    return SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))


def modes(store: SQLTrackerStore) -> tuple[str, int]:
    with store.engine.connect() as connection:
        journal = connection.execute(text("PRAGMA journal_mode")).scalar()
        synchronous = connection.execute(text("PRAGMA synchronous")).scalar()
    return journal, synchronous


async def test_the_store_keeps_a_connection_writes_ahead_and_keeps_conversations(
    installed: None, tmp_path: Path
) -> None:
    store = store_at(tmp_path / "rasa.db")
    assert isinstance(store.engine.pool, QueuePool)
    assert modes(store) == ("wal", 1)  # 1: NORMAL, synchronised at checkpoints

    tracker, said = DialogueStateTracker("customer-1", slots=[]), []
    for turn in ("hi", "my kettle burned the counter"):
        said.append(turn)
        tracker.update(UserUttered(turn, {"name": "report_harm"}))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
        stored = await store_at(tmp_path / "rasa.db").retrieve("customer-1")
        assert [e.text for e in stored.events if isinstance(e, UserUttered)] == said
    assert store.engine.pool.checkedin() == 1  # one connection, open and back in the pool


def test_postgresql_and_memory_databases_keep_rasas_settings() -> None:
    url = "postgresql://rasa:secret@127.0.0.1:5432/rasa"
    assert sqlite_tracker_store.create_engine_kwargs(url) == sqlite_tracker_store.RASAS_OWN(url)
    assert sqlite_tracker_store.create_engine_kwargs("sqlite://") == {}


def test_without_install_sqlite_connects_per_session_and_waits_for_the_disk(
    tmp_path: Path,
) -> None:
    store = store_at(tmp_path / "rasa.db")
    assert isinstance(store.engine.pool, NullPool)
    assert modes(store) == ("delete", 2)  # 2: FULL

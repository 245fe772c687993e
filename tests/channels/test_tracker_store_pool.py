"""A SQLite tracker store keeps one connection from turn to turn; other databases keep Rasa's
settings."""

from __future__ import annotations

from pathlib import Path

from rasa.core import tracker_store
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.pool import NullPool, QueuePool

from bot import tracker_store_pool


def test_postgresql_and_memory_databases_keep_rasas_settings() -> None:
    url = "postgresql://rasa:secret@127.0.0.1:5432/rasa"
    assert tracker_store_pool.create_engine_kwargs(url) == tracker_store_pool.RASAS_OWN(url)
    assert tracker_store_pool.create_engine_kwargs("sqlite://") == {}


async def test_a_sqlite_store_keeps_its_connection_across_turns(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(tracker_store, "create_engine_kwargs", tracker_store_pool.RASAS_OWN)
    tracker_store_pool.install()
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "rasa.db"))
    assert isinstance(store.engine.pool, QueuePool)

    tracker, said = DialogueStateTracker("customer-1", slots=[]), []
    for turn in ("hi", "my kettle burned the counter"):
        said.append(turn)
        tracker.update(UserUttered(turn, {"name": "report_harm", "confidence": 1.0}))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
        stored = await store.retrieve("customer-1")
        assert [e.text for e in stored.events if isinstance(e, UserUttered)] == said
    assert store.engine.pool.checkedin() == 1  # one connection, open and back in the pool


def test_without_install_rasa_opens_a_connection_per_session(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tracker_store, "create_engine_kwargs", tracker_store_pool.RASAS_OWN)
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "rasa.db"))
    assert isinstance(store.engine.pool, NullPool)

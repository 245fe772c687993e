"""The database connection: one engine per process, one unit of work per request."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


def make_engine(database_url: str) -> Engine:
    """Create the engine for ``database_url`` (SQLite file or PostgreSQL)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    _serialise_sqlite_writers(engine)
    return engine


def _serialise_sqlite_writers(engine: Engine) -> None:
    """Make every SQLite transaction take the write lock up front.

    pysqlite starts transactions lazily and SQLite upgrades read locks to write locks, which fails
    at once ("database is locked") when two requests race. ``BEGIN IMMEDIATE`` makes them queue
    instead, so duplicate and idempotency checks see each other's commits.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(
    engine: Engine, info: dict[str, Any] | None = None
) -> sessionmaker[Session]:
    """Sessions bound to ``engine``; objects stay readable after commit for building responses.

    ``info`` is every session's ``Session.info`` (what the outbox needs to know, for one).
    """
    return sessionmaker(bind=engine, expire_on_commit=False, info=info or {})


def run_in_transaction(
    sessions: sessionmaker[Session], work: Callable[[Session], T], attempts: int = 1
) -> T:
    """Run ``work`` in one transaction: committed if it returns, rolled back if it raises.

    With ``attempts`` > 1, a transaction refused by a uniqueness constraint (a concurrent request
    got there first) is run again from the start, so ``work`` sees what the other one stored.
    """
    for attempt in range(1, attempts + 1):
        try:
            with sessions() as session, session.begin():
                return work(session)
        except IntegrityError:
            if attempt == attempts:
                raise
    raise ValueError("attempts must be at least 1")


async def in_transaction(
    sessions: sessionmaker[Session], work: Callable[[Session], T], attempts: int = 1
) -> T:
    """Run a unit of work in a worker thread so the event loop never waits on the database."""
    return await asyncio.to_thread(run_in_transaction, sessions, work, attempts)

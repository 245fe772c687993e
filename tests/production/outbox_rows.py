"""Outbox rows for the production tests, written and counted by the backend's own code.

The production tests run in the assistant's environment (.venv: Rasa, socket.io), the backend's
models in the backend's (.venv-backend: SQLAlchemy 2.0), so the tests run this module there:

    .venv-backend/bin/python -m tests.production.outbox_rows write DATABASE_URL TOPIC URL COUNT
    .venv-backend/bin/python -m tests.production.outbox_rows pending DATABASE_URL TOPIC

`write` adds COUNT seller webhooks to URL and prints their ids as JSON; `pending` prints how many
of TOPIC's messages wait for delivery.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

from sqlalchemy import func, select

from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.models import OutboxMessage
from backend.outbox import OutboxKind, OutboxStatus, write_message


def write(database_url: str, topic: str, recipient: str, count: int) -> list[int]:
    sessions = make_session_factory(make_engine(database_url))
    now = datetime.now(timezone.utc)

    def add(session) -> list[int]:
        messages = [
            write_message(
                session, OutboxKind.SELLER_WEBHOOK, topic, recipient, {"number": n}, None, now
            )
            for n in range(count)
        ]
        session.flush()
        return [message.id for message in messages]

    return run_in_transaction(sessions, add)


def pending(database_url: str, topic: str) -> int:
    sessions = make_session_factory(make_engine(database_url))
    waiting = select(func.count()).where(
        OutboxMessage.status == OutboxStatus.PENDING.value, OutboxMessage.topic == topic
    )
    return run_in_transaction(sessions, lambda session: session.execute(waiting).scalar())


if __name__ == "__main__":
    command, database_url, topic, *rest = sys.argv[1:]
    if command == "write":
        print(json.dumps(write(database_url, topic, rest[0], int(rest[1]))))
    else:
        print(pending(database_url, topic))

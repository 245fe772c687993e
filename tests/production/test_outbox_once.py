"""Two backends on one PostgreSQL database deliver each outbox message once: both dispatch every
second on their own, and dispatch requests reach both at the same time on top of that."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from datetime import datetime, timezone

import aiohttp
import pytest
from aiohttp import web
from production import ProductionStack
from sqlalchemy import func, select

from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.models import OutboxMessage
from backend.outbox import OutboxKind, OutboxStatus, write_message
from backend.webhooks import MESSAGE_ID_HEADER
from tests.fakes.server import BackgroundServer

pytestmark = pytest.mark.production

MESSAGES = 120
SELLER_DELAY = 0.02  # a seller that takes its time widens every race


def seller_endpoint() -> BackgroundServer:
    """A seller's webhook endpoint that records the id of every message it is sent."""

    async def receive(request: web.Request) -> web.Response:
        await asyncio.sleep(SELLER_DELAY)
        server.record("webhook", {"id": request.headers[MESSAGE_ID_HEADER]})
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/claims-webhook", receive)
    server = BackgroundServer(app)
    return server.start()


async def dispatch_on_every_backend(stack: ProductionStack, rounds: int) -> None:
    """Ask each backend instance directly, all at once, to dispatch the outbox `rounds` times."""
    headers = {"Authorization": f"Bearer {stack.env['CLAIMS_ADMIN_TOKEN']}"}
    async with aiohttp.ClientSession(headers=headers) as http:

        async def dispatch(port: int) -> None:
            url = f"http://127.0.0.1:{port}/api/admin/outbox/dispatch"
            async with http.post(url, json={}) as response:
                assert response.status == 200, await response.text()

        for _ in range(rounds):
            await asyncio.gather(*(dispatch(ports.backend) for ports in stack.instances))


def test_two_backends_never_deliver_an_outbox_message_twice(production: ProductionStack) -> None:
    seller = seller_endpoint()
    engine = make_engine(production.env["CLAIMS_DATABASE_URL"])
    sessions = make_session_factory(engine)
    try:
        now = datetime.now(timezone.utc)
        ids = run_in_transaction(
            sessions,
            lambda session: [
                write_message(
                    session,
                    OutboxKind.SELLER_WEBHOOK,
                    "claim.test",
                    f"{seller.url}/claims-webhook",
                    {"number": number},
                    None,
                    now,
                )
                for number in range(MESSAGES)
            ],
        )
        asyncio.run(dispatch_on_every_backend(production, rounds=3))

        pending = select(func.count()).where(
            OutboxMessage.status == OutboxStatus.PENDING.value,
            OutboxMessage.topic == "claim.test",
        )
        deadline = time.monotonic() + 60
        while run_in_transaction(sessions, lambda session: session.execute(pending).scalar()):
            assert time.monotonic() < deadline, "the outbox was not delivered within 60 s"
            time.sleep(0.2)
    finally:
        seller.stop()
        engine.dispose()

    received = Counter(call.params["id"] for call in seller.calls_of("webhook"))
    assert sorted(received) == sorted(str(message.id) for message in ids)
    assert set(received.values()) == {1}, json.dumps(received.most_common(5))

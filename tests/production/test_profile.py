"""The production profile as one product over two instances of each process (one module: with
`--dist loadfile` a single pytest worker starts the profile's processes).

- A claim filed through nginx over REST is stored once, and its events reach RabbitMQ.
- An agent's message reaches the customer's web chat whichever Rasa the backend reaches: the
  customer's socket is held by instance 1, the call goes to instance 2, and Redis carries the
  message across (bot/channels/shared_rooms.py).
- Two backends on one PostgreSQL database deliver each outbox message once: both dispatch every
  second on their own, and dispatch requests reach both at the same time on top of that.
- A conversation goes on over the other Rasa (the tracker is in PostgreSQL) and after a restart
  of the first (last: the restart takes a while).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from collections import Counter

import aio_pika
import aiohttp
import pytest
import socketio
from aiohttp import web
from production import ProductionStack
from stack import BACKEND_PYTHON, ROOT

from backend.rasa_conversations import LATEST_CHANNEL, RasaConversations
from backend.webhooks import MESSAGE_ID_HEADER
from tests.e2e.chat import Chat
from tests.fakes.server import BackgroundServer
from tests.recent_marketplace import persona_order_id

from .claim_turns import agree, decline_photos, on_instance, tell_the_harm

pytestmark = pytest.mark.production

THROUGH_NGINX, RESTARTED = 41, 43


def sender(name: str) -> str:
    return f"prod-{name}-{os.getpid()}"


def test_a_claim_filed_through_nginx_is_stored_once(production: ProductionStack) -> None:
    chat = Chat(production, sender=sender("nginx"))
    tell_the_harm(chat, THROUGH_NGINX)
    decline_photos(chat)

    reference = agree(chat)

    status, found = chat.backend("GET", f"/api/admin/claims?conversation_id={chat.sender}")
    assert status == 200
    assert [claim["reference"] for claim in found["claims"]] == [reference]
    assert found["claims"][0]["order_id"] == persona_order_id(THROUGH_NGINX)
    assert chat.sender in asyncio.run(senders_in_event_queue(production))


async def senders_in_event_queue(stack: ProductionStack) -> set[str]:
    """The conversations whose events Rasa published to the profile's RabbitMQ queue so far
    (taken off the queue, which is the tests' own)."""
    senders = set()
    connection = await aio_pika.connect(stack.env["CLAIMS_RABBITMQ_URL"])
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(stack.env["CLAIMS_RABBITMQ_QUEUE"])
        while (message := await queue.get(fail=False, no_ack=True)) is not None:
            senders.add(json.loads(message.body)["sender_id"])
    return senders


AGENT_SAYS = "Hi, I'm Alex from the claims team: I have your conversation in front of me."


async def test_an_agent_message_reaches_the_socket_another_instance_holds(
    production: ProductionStack,
) -> None:
    holder, other = production.instances
    async with aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{production.ports.backend}/api/chat/sessions"
        async with http.post(url) as response:
            assert response.status == 201
            session = await response.json()
        received: asyncio.Queue = asyncio.Queue()
        customer = socketio.AsyncClient()
        customer.on("bot_uttered", received.put)
        confirmed = asyncio.get_running_loop().create_future()
        customer.on("session_confirm", confirmed.set_result)
        # Long polling, as a browser starts (engineio's websocket client needs aiohttp 3.10).
        await customer.connect(f"http://127.0.0.1:{holder.rasa}", transports=["polling"])
        try:
            credentials = {"session_id": session["conversation_id"], "token": session["token"]}
            await customer.emit("session_request", credentials)
            assert await asyncio.wait_for(confirmed, 10) == session["conversation_id"]
            await customer.emit("user_uttered", {"message": "hello", **credentials})
            await asyncio.wait_for(received.get(), 30)  # the assistant's greeting

            rasa = RasaConversations(
                http, f"http://127.0.0.1:{other.rasa}", production.env["RASA_TOKEN"]
            )
            await rasa.append_events(
                session["conversation_id"],
                # What an agent's message is in the tracker (backend/handoffs.py agent_message).
                [{"event": "bot", "text": AGENT_SAYS, "metadata": {"agent": "Alex"}}],
                output_channel=LATEST_CHANNEL,
                execute_side_effects=True,
            )

            while (message := await asyncio.wait_for(received.get(), 15))["text"] != AGENT_SAYS:
                pass
            assert message["metadata"] == {"agent": "Alex"}
        finally:
            await customer.disconnect()


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


def outbox_rows(*arguments: str) -> str:
    """tests/production/outbox_rows.py in the backend's environment (its models need it)."""
    done = subprocess.run(
        [BACKEND_PYTHON, "-m", "tests.production.outbox_rows", *arguments],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def test_two_backends_never_deliver_an_outbox_message_twice(production: ProductionStack) -> None:
    seller = seller_endpoint()
    database_url = production.env["CLAIMS_DATABASE_URL"]
    try:
        ids = json.loads(
            outbox_rows(
                "write", database_url, "claim.test", f"{seller.url}/claims-webhook", str(MESSAGES)
            )
        )
        asyncio.run(dispatch_on_every_backend(production, rounds=3))

        deadline = time.monotonic() + 60
        while int(outbox_rows("pending", database_url, "claim.test")):
            assert time.monotonic() < deadline, "the outbox was not delivered within 60 s"
            time.sleep(0.2)
    finally:
        seller.stop()

    received = Counter(call.params["id"] for call in seller.calls_of("webhook"))
    assert sorted(received) == sorted(str(message_id) for message_id in ids)
    assert set(received.values()) == {1}, json.dumps(received.most_common(5))


def test_a_conversation_goes_on_over_the_other_rasa_and_after_a_restart(
    production: ProductionStack,
) -> None:
    chat = Chat(production, sender=sender("restart"))
    tell_the_harm(on_instance(production, 1, chat), RESTARTED)

    # The second instance carries on from the tracker the first one wrote ...
    decline_photos(on_instance(production, 2, chat))
    # ... and the first one, restarted, from the tracker the second one wrote.
    production.restart("rasa-1")
    reference = agree(on_instance(production, 1, chat))

    status, claim = chat.backend("GET", f"/api/claims/{reference}")
    assert status == 200 and claim["order_id"] == persona_order_id(RESTARTED)

"""Claims over the production profile: through nginx, over two Rasa instances that share their
conversations (PostgreSQL), their locks (Redis) and their events (RabbitMQ)."""

from __future__ import annotations

import asyncio
import json
import os

import aio_pika
import pytest
from production import ProductionStack

from tests.e2e.chat import Chat
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

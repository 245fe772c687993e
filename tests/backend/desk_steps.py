"""Steps the agent desk tests share: open a handoff, sign in, take it."""

from __future__ import annotations

from tests.backend.conftest import AGENT_TOKEN, SERVICE
from tests.backend.fake_rasa import FACTS

CONVERSATION = "web-0123456789abcdef0123456789abcdef"


async def open_handoff(client, conversation_id=CONVERSATION, reason="customer_asked", **extra):
    body = {"conversation_id": conversation_id, "channel": "socketio", "reason": reason, **extra}
    response = await client.post("/api/handoffs", json=body, headers=SERVICE)
    assert response.status in (200, 201), await response.text()
    return response.status, await response.json()


async def sign_in(client, name="Alex"):
    response = await client.post("/api/agent/sign-in", json={"name": name, "token": AGENT_TOKEN})
    assert response.status == 200, await response.text()
    return {"Authorization": f"Bearer {(await response.json())['session_token']}"}


async def take(client, handoff_id, headers):
    response = await client.post(f"/api/agent/handoffs/{handoff_id}/take", json={}, headers=headers)
    return response.status, await response.json()


async def queued(client, facts=FACTS, **extra):
    """A waiting handoff for CONVERSATION, with the assistant's facts."""
    _, handoff = await open_handoff(
        client, facts=facts, customer_message="a person please", **extra
    )
    return handoff

"""Steps the agent desk tests share: open a handoff, sign in, take it."""

from __future__ import annotations

from sqlalchemy import select

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.db import run_in_transaction
from backend.models import StaffAccount
from backend.staff import create_account
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.fake_rasa import FACTS

CONVERSATION = "web-0123456789abcdef0123456789abcdef"


async def open_handoff(client, conversation_id=CONVERSATION, reason="customer_asked", **extra):
    body = {"conversation_id": conversation_id, "channel": "socketio", "reason": reason, **extra}
    response = await client.post("/api/handoffs", json=body, headers=SERVICE)
    assert response.status in (200, 201), await response.text()
    return response.status, await response.json()


PASSWORD = "correct horse battery"


def ensure_account(client, name: str, role: str = "agent") -> None:
    """The staff account ``name`` (password PASSWORD), created in the app's database if new."""

    def ensure(session):
        known = session.execute(select(StaffAccount.id).where(StaffAccount.username == name))
        if known.first() is None:
            create_account(session, name, role, PASSWORD, client.app[SETTINGS].clock())

    run_in_transaction(client.app[SESSIONS], ensure)


async def sign_in(client, name="Alex", role="agent"):
    """Sign in as the staff account ``name`` (created if new); its Authorization header."""
    ensure_account(client, name, role)
    response = await client.post(
        "/api/staff/sign-in", json={"username": name, "password": PASSWORD}
    )
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


async def decide(client, reference, what, body=None, headers=None):
    """An admin's desk decision ``what`` (dispute, appeal, recovery, payout, close) on a claim;
    (status, answer). ``headers``: the admin token unless given."""
    response = await client.post(
        f"/api/admin/claims/{reference}/{what}", json=body or {}, headers=headers or ADMIN
    )
    return response.status, await response.json()


async def desk_view(client, reference, headers=None):
    """The claim as the desk reads it (``GET /api/desk/claims/{ref}``)."""
    response = await client.get(f"/api/desk/claims/{reference}", headers=headers or ADMIN)
    assert response.status == 200, await response.text()
    return await response.json()


async def sweep_at(client, now: str):
    """Run the deadlines sweep as of ``now``; its summary."""
    response = await client.post("/api/admin/sweep", json={"now": now}, headers=ADMIN)
    assert response.status == 200, await response.text()
    return await response.json()

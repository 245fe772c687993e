"""Who may use the agent console's API: agents and admins signed in with their own staff account,
the agent and admin tokens (programs)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.openapi import schema_problems
from backend.staff import disable_account, reset_password
from claims_contract.signing import TokenKind, sign
from tests.backend.conftest import ADMIN, AGENT, AGENT_TOKEN, SERVICE
from tests.backend.desk_steps import PASSWORD, ensure_account, queued, sign_in, take


async def test_an_agent_signs_in_with_their_account_and_acts_under_its_name(desk, rasa):
    ensure_account(desk, "Alex")
    response = await desk.post(
        "/api/staff/sign-in", json={"username": "Alex", "password": PASSWORD}
    )

    assert response.status == 200
    session = await response.json()
    assert schema_problems("AgentSession", session) == []
    assert (session["name"], session["role"]) == ("Alex", "agent")
    assert session["expires_at"] == "2026-10-11T00:00:00Z"  # 12 hours
    handoff = await queued(desk)
    _, taken = await take(
        desk, handoff["id"], {"Authorization": f"Bearer {session['session_token']}"}
    )
    assert taken["agent"] == "Alex"


@pytest.mark.parametrize(
    "username, password",
    [("Alex", "wrong password"), ("Nobody", PASSWORD), ("Alex", AGENT_TOKEN)],
    ids=["wrong password", "unknown name", "the old shared agent token"],
)
async def test_signing_in_needs_the_accounts_own_password(desk, username, password):
    ensure_account(desk, "Alex")
    response = await desk.post(
        "/api/staff/sign-in", json={"username": username, "password": password}
    )

    assert response.status == 401
    assert (await response.json())["errors"][0]["code"] == "unauthorized"


async def test_the_shared_token_sign_in_by_name_is_gone(desk):
    """The hole: anyone with the agents' token could sign in under any agent's name."""
    response = await desk.post("/api/agent/sign-in", json={"name": "Alex", "token": AGENT_TOKEN})

    assert response.status in (404, 405)


@pytest.mark.parametrize(
    "body, field, code",
    [
        ({"password": PASSWORD}, "username", "required"),
        ({"username": ["Alex"], "password": PASSWORD}, "username", "invalid_type"),
        ({"username": "Alex"}, "password", "required"),
    ],
)
async def test_a_sign_in_body_is_checked(desk, body, field, code):
    response = await desk.post("/api/staff/sign-in", json=body)

    assert response.status == 422
    assert (code, field) in [(e["code"], e["field"]) for e in (await response.json())["errors"]]


async def test_signing_out_disabling_or_resetting_ends_the_session(desk, db, clock):
    handoffs = "/api/agent/handoffs"
    alex = await sign_in(desk)
    assert (await desk.post("/api/staff/sign-out", headers=alex)).status == 204
    assert (await desk.get(handoffs, headers=alex)).status == 401

    alex = await sign_in(desk)
    with db() as session:
        disable_account(session, "Alex", clock.now)
        session.commit()
    assert (await desk.get(handoffs, headers=alex)).status == 401
    refused = await desk.post("/api/staff/sign-in", json={"username": "Alex", "password": PASSWORD})
    assert refused.status == 401

    with db() as session:
        reset_password(session, "Alex", PASSWORD, clock.now)
        session.commit()
    alex = await sign_in(desk)
    assert (await desk.get(handoffs, headers=alex)).status == 200
    with db() as session:
        reset_password(session, "Alex", "another long password", clock.now)
        session.commit()
    assert (await desk.get(handoffs, headers=alex)).status == 401


async def test_a_fraud_experts_session_is_not_an_agents(desk):
    expert = await sign_in(desk, "Erin", role="expert")

    response = await desk.get("/api/agent/handoffs", headers=expert)

    assert response.status == 403


async def test_an_agent_session_expires_after_twelve_hours(desk, clock):
    alex = await sign_in(desk)
    clock.advance(hours=12)

    response = await desk.get("/api/agent/handoffs", headers=alex)

    assert response.status == 401


AGENT_ENDPOINTS = [
    ("GET", "/api/agent/handoffs", None),
    ("GET", "/api/agent/handoffs/{id}", None),
    ("POST", "/api/agent/handoffs/{id}/take", {}),
    ("POST", "/api/agent/handoffs/{id}/messages", {"text": "hi"}),
    ("POST", "/api/agent/handoffs/{id}/hand-back", {}),
    (
        "POST",
        "/api/agent/intake",
        {"channel": "rest", "conversation_id": "c", "facts": {"order_id": "112-1234567-1234567"}},
    ),
]


@pytest.mark.parametrize("method, path, body", AGENT_ENDPOINTS)
async def test_every_agent_endpoint_needs_an_agents_token(desk, rasa, method, path, body):
    handoff = await queued(desk)
    url = path.format(id=handoff["id"])
    session = await desk.post("/api/chat/sessions")
    conversation_token = (await session.json())["token"]

    refusals = []
    for headers in [
        {},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic YWxleDpzZWNyZXQ="},
        {"Authorization": f"Bearer {conversation_token}"},  # a web chat's token is no agent's
        SERVICE,
    ]:
        response = await desk.request(method, url, json=body, headers=headers)
        refusals.append((response.status, (await response.json())["errors"][0]["code"]))

    assert refusals == [(401, "unauthorized")] * 4 + [(403, "forbidden")]
    assert rasa.calls == []


@pytest.mark.parametrize("headers, actor", [(AGENT, "agent"), (ADMIN, "admin")])
async def test_the_agent_and_admin_tokens_act_as_their_role(desk, rasa, headers, actor):
    handoff = await queued(desk)

    _, taken = await take(desk, handoff["id"], headers)

    assert taken["agent"] == actor


@pytest.mark.parametrize("headers", [{}, AGENT], ids=["no token", "agent token"])
async def test_only_the_assistant_or_an_admin_queues_handoffs(desk, headers):
    body = {"conversation_id": "c", "channel": "rest", "reason": "customer_asked"}

    response = await desk.post("/api/handoffs", json=body, headers=headers)

    assert response.status == (401 if not headers else 403)


async def test_a_signed_token_naming_a_role_is_no_session(desk, rasa, settings):
    """Only a stored staff session is one: a token the backend signed, naming "agent", is not."""
    handoff = await queued(desk)
    await take(desk, handoff["id"], AGENT)  # held by the shared agent token's users
    forged = sign(
        settings.signing_secret, TokenKind.CONVERSATION, "agent", settings.clock(), timedelta(1)
    )
    session = {"Authorization": f"Bearer {forged.token}"}

    response = await desk.post(
        f"/api/agent/handoffs/{handoff['id']}/hand-back", json={}, headers=session
    )

    assert response.status == 401
    assert rasa.calls_to("trigger_intent") == []

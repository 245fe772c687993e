"""The web chat: sessions and their tokens, the transcript, evidence uploads, customer tokens."""

from __future__ import annotations

import pytest
from aiohttp import FormData
from sqlalchemy import select

from backend.models import Evidence
from backend.openapi import schema_problems
from tests.backend import evidence_files
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.desk_steps import sign_in
from tests.backend.fake_rasa import claim_conversation


async def start_chat(client):
    response = await client.post("/api/chat/sessions")
    assert response.status == 201
    session = await response.json()
    return session, {"Authorization": f"Bearer {session['token']}"}


async def customer_token(client, email="dana@example.com", **extra):
    response = await client.post(
        "/api/customer-tokens", json={"email": email, **extra}, headers=SERVICE
    )
    assert response.status == 201, await response.text()
    return await response.json()


# ---- sessions and transcripts -----------------------------------------------------------------


async def test_a_chat_session_names_a_new_conversation(desk, settings):
    first, _ = await start_chat(desk)
    second, _ = await start_chat(desk)

    assert schema_problems("ChatSession", first) == []
    assert first["conversation_id"] != second["conversation_id"]
    assert first["socket_url"] is None
    assert first["upload_limit_bytes"] == settings.evidence_max_bytes
    assert "image/jpeg" in first["accepted_types"] and "application/pdf" in first["accepted_types"]
    assert first["expires_at"] == "2026-11-09T12:00:00Z"  # 30 days


async def test_the_page_reads_its_conversation_back(desk, rasa):
    session, headers = await start_chat(desk)
    rasa.conversations[session["conversation_id"]] = claim_conversation()

    response = await desk.get(
        f"/api/chat/sessions/{session['conversation_id']}/transcript", headers=headers
    )

    assert response.status == 200
    body = await response.json()
    assert schema_problems("ChatTranscript", body) == []
    assert [entry["from"] for entry in body["messages"]] == [
        "customer",
        "assistant",
        "customer",
        "customer",
        "agent",
    ]
    [call] = rasa.calls
    assert call.conversation_id == session["conversation_id"] and "token" not in call.query


async def test_a_transcript_needs_its_own_conversations_token(desk, rasa):
    session, _ = await start_chat(desk)
    _, other = await start_chat(desk)
    url = f"/api/chat/sessions/{session['conversation_id']}/transcript"
    alex = await sign_in(desk)
    customer = await customer_token(desk)

    refusals = []
    for headers in [
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": f"Bearer {customer['token']}"},
        alex,
        other,
        SERVICE,
        AGENT,
    ]:
        response = await desk.get(url, headers=headers)
        refusals.append(response.status)

    assert refusals == [401, 401, 401, 401, 403, 403, 403]
    assert rasa.calls == []


async def test_a_transcript_without_rasa_is_502(desk, rasa):
    session, headers = await start_chat(desk)
    rasa.failing = True

    response = await desk.get(
        f"/api/chat/sessions/{session['conversation_id']}/transcript", headers=headers
    )

    assert response.status == 502
    assert (await response.json())["errors"][0]["code"] == "assistant_unavailable"


async def test_a_conversation_token_expires_after_thirty_days(desk, rasa, clock):
    session, headers = await start_chat(desk)
    clock.advance(days=30)

    response = await desk.get(
        f"/api/chat/sessions/{session['conversation_id']}/transcript", headers=headers
    )

    assert response.status == 401


# ---- evidence from the web chat ----------------------------------------------------------------


def photo(conversation_id=None):
    data = FormData()
    data.add_field("file", evidence_files.png(), filename="rug.png", content_type="image/png")
    if conversation_id is not None:
        data.add_field("conversation_id", conversation_id)
    return data


@pytest.mark.parametrize("named", [False, True], ids=["id left out", "id given"])
async def test_the_chat_page_uploads_to_its_own_conversation(desk, db, named):
    session, headers = await start_chat(desk)
    conversation_id = session["conversation_id"]

    response = await desk.post(
        "/api/evidence", data=photo(conversation_id if named else None), headers=headers
    )

    assert response.status == 201
    receipt = await response.json()
    with db() as stored:
        assert stored.get(Evidence, receipt["id"]).conversation_id == conversation_id


async def test_a_conversation_token_cannot_upload_to_another_conversation(desk, db):
    _, headers = await start_chat(desk)
    other, _ = await start_chat(desk)

    response = await desk.post(
        "/api/evidence", data=photo(other["conversation_id"]), headers=headers
    )

    assert response.status == 403
    assert (await response.json())["errors"][0]["field"] == "conversation_id"
    with db() as stored:
        assert stored.execute(select(Evidence)).first() is None


async def test_other_signed_tokens_are_no_conversation_tokens(desk, db):
    alex = await sign_in(desk)
    customer = await customer_token(desk)

    statuses = []
    for headers in [alex, {"Authorization": f"Bearer {customer['token']}"}, AGENT, ADMIN]:
        response = await desk.post("/api/evidence", data=photo("web-x"), headers=headers)
        statuses.append(response.status)

    assert statuses == [401, 401, 403, 403]
    with db() as stored:
        assert stored.execute(select(Evidence)).first() is None


async def test_a_tampered_conversation_token_is_refused(desk):
    session, _ = await start_chat(desk)
    header, payload, signature = session["token"].split(".")
    forged = f"{header}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"

    response = await desk.post(
        "/api/evidence", data=photo(), headers={"Authorization": f"Bearer {forged}"}
    )

    assert response.status == 401


# ---- customer tokens ----------------------------------------------------------------------------


async def current(client, token, headers=SERVICE):
    response = await client.get(
        "/api/customer-tokens/current", headers={**headers, "X-Customer-Token": token}
    )
    return response.status, await response.json()


async def test_a_customer_token_names_the_customer(desk):
    issued = await customer_token(desk, email=" dana@example.com ")

    assert schema_problems("CustomerToken", issued) == []
    assert issued["expires_at"] == "2026-10-11T12:00:00Z"  # a day by default
    assert await current(desk, issued["token"]) == (200, {"email": "dana@example.com"})


async def test_a_customer_token_expires(desk, clock):
    issued = await customer_token(desk, ttl_seconds=600)
    clock.advance(seconds=599)
    assert (await current(desk, issued["token"]))[0] == 200

    clock.advance(seconds=1)
    status, body = await current(desk, issued["token"])

    assert status == 401
    assert body["errors"][0]["code"] == "invalid_customer_token"


async def test_a_tampered_or_foreign_customer_token_is_refused(desk):
    issued = await customer_token(desk)
    session, _ = await start_chat(desk)
    header, payload, signature = issued["token"].split(".")
    # Another email in the payload, the original signature.
    other_payload = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")

    for token in [
        f"{header}.{other_payload}.{signature}",
        session["token"],  # a conversation's token names no customer
        "",
        "not.a.jwt",
    ]:
        status, body = await current(desk, token)
        assert (status, body["errors"][0]["code"]) == (401, "invalid_customer_token"), token


@pytest.mark.parametrize("headers, status", [({}, 401), (AGENT, 403), (ADMIN, 403)])
async def test_only_the_assistant_reads_customer_tokens(desk, headers, status):
    issued = await customer_token(desk)

    assert (await current(desk, issued["token"], headers))[0] == status


@pytest.mark.parametrize("headers, status", [({}, 401), (AGENT, 403), (ADMIN, 201)])
async def test_the_service_or_an_admin_issues_customer_tokens(desk, headers, status):
    response = await desk.post(
        "/api/customer-tokens", json={"email": "dana@example.com"}, headers=headers
    )

    assert response.status == status


@pytest.mark.parametrize(
    "body, field, code",
    [
        ({}, "email", "required"),
        ({"email": "dana"}, "email", "invalid_value"),
        ({"email": "dana@example.com", "ttl_seconds": "600"}, "ttl_seconds", "invalid_type"),
        ({"email": "dana@example.com", "ttl_seconds": 10}, "ttl_seconds", "invalid_value"),
        ({"email": "dana@example.com", "ttl_seconds": 10**9}, "ttl_seconds", "invalid_value"),
    ],
)
async def test_a_customer_token_request_is_checked(desk, body, field, code):
    response = await desk.post("/api/customer-tokens", json=body, headers=SERVICE)

    assert response.status == 422
    assert [(e["code"], e["field"]) for e in (await response.json())["errors"]] == [(code, field)]

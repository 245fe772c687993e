"""The agent desk: handoffs queued by the assistant, taken, chatted in, handed back; intake.

Rasa is a fake HTTP server (``tests/backend/fake_rasa.py``) that records what the backend asks.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from backend.api.app import create_app
from backend.models import Handoff
from backend.openapi import schema_problems
from tests.backend.claim_steps import file_claim
from tests.backend.conftest import ADMIN, AGENT, NO_RASA_URL, SERVICE
from tests.backend.desk_steps import CONVERSATION, open_handoff, queued, sign_in, take
from tests.backend.fake_rasa import FACTS, claim_conversation
from tests.backend.marketplace_data import KETTLE

GREETING = "You're now chatting with Alex from the claims team."


def stored(db):
    with db() as session:
        return [
            (row.id, row.status, row.agent, row.reasons, row.facts, row.taken_at)
            for row in session.execute(select(Handoff).order_by(Handoff.id)).scalars()
        ]


# ---- the assistant queues handoffs ------------------------------------------------------------


async def test_a_conversation_has_one_open_handoff_that_gathers_reasons_and_facts(desk, clock):
    status, first = await open_handoff(
        desk, facts={"order_id": FACTS["order_id"]}, customer_message="I want a person"
    )
    clock.advance(minutes=2)
    again, second = await open_handoff(
        desk, reason="distress", facts={"harm_kind": "injury"}, customer_message=None
    )
    repeated, third = await open_handoff(desk, reason="distress")

    assert (status, again, repeated) == (201, 200, 200)
    assert schema_problems("Handoff", first) == []
    assert first["id"].startswith("HO-")
    assert first["status"] == "waiting" and first["agent"] is None
    assert first["created_at"] == "2026-10-10T12:00:00Z"
    assert second["id"] == third["id"] == first["id"]
    assert third["reason"] == "customer_asked"
    assert third["reasons"] == ["customer_asked", "distress"]
    assert third["facts"] == {"order_id": FACTS["order_id"], "harm_kind": "injury"}
    assert third["customer_message"] == "I want a person"


async def test_a_returned_handoff_is_not_reopened(desk, rasa, db):
    handoff = await queued(desk)
    response = await desk.post(
        f"/api/agent/handoffs/{handoff['id']}/hand-back", json={}, headers=AGENT
    )
    assert response.status == 200

    status, fresh = await open_handoff(desk, reason="legal_action")

    assert status == 201 and fresh["id"] != handoff["id"]
    assert [row[1] for row in stored(db)].count("waiting") == 1


async def test_the_queue_lists_open_handoffs_oldest_first_and_filters(desk, clock):
    first = await queued(desk)
    clock.advance(minutes=1)
    _, second = await open_handoff(desk, conversation_id="+15551230000", reason="serious_injury")
    clock.advance(minutes=1)
    _, third = await open_handoff(desk, conversation_id="4242", reason="legal_action")
    alex = await sign_in(desk)
    await take(desk, second["id"], alex)
    await desk.post(f"/api/agent/handoffs/{third['id']}/hand-back", json={}, headers=alex)

    async def ids(query=""):
        response = await desk.get(f"/api/agent/handoffs{query}", headers=alex)
        assert response.status == 200
        body = await response.json()
        assert schema_problems("HandoffList", body) == []
        return [handoff["id"] for handoff in body["handoffs"]]

    assert await ids() == [first["id"], second["id"]]
    assert await ids("?status=open") == [first["id"], second["id"]]
    assert await ids("?status=waiting") == [first["id"]]
    assert await ids("?status=active") == [second["id"]]
    assert await ids("?status=returned") == [third["id"]]
    response = await desk.get("/api/agent/handoffs?status=closed", headers=alex)
    assert response.status == 422
    assert (await response.json())["errors"][0]["code"] == "invalid_value"


# ---- taking a handoff -------------------------------------------------------------------------


async def test_taking_pauses_the_assistant_and_greets_the_customer(desk, rasa, clock):
    handoff = await queued(desk)
    clock.advance(minutes=3)
    alex = await sign_in(desk)

    status, taken = await take(desk, handoff["id"], alex)

    assert status == 200
    assert (taken["status"], taken["agent"], taken["taken_at"]) == (
        "active",
        "Alex",
        "2026-10-10T12:03:00Z",
    )
    [call] = rasa.calls_to("tracker/events")
    assert call.conversation_id == CONVERSATION
    assert call.query == {
        "output_channel": "latest",
        "execute_side_effects": "true",
    }
    assert call.body == [
        {"event": "pause"},
        {"event": "bot", "text": GREETING, "metadata": {"agent": "Alex"}},
    ]


async def test_taking_it_again_changes_nothing_and_greets_nobody_twice(desk, rasa):
    handoff = await queued(desk)
    alex = await sign_in(desk)
    await take(desk, handoff["id"], alex)

    status, again = await take(desk, handoff["id"], alex)

    assert status == 200 and again["agent"] == "Alex"
    assert len(rasa.calls_to("tracker/events")) == 1


async def test_another_agents_handoff_or_a_returned_one_cannot_be_taken(desk, rasa):
    handoff = await queued(desk)
    alex, sam = await sign_in(desk), await sign_in(desk, "Sam")
    await take(desk, handoff["id"], alex)

    status, body = await take(desk, handoff["id"], sam)
    assert status == 409 and body["errors"][0]["code"] == "handoff_taken"

    await desk.post(f"/api/agent/handoffs/{handoff['id']}/hand-back", json={}, headers=alex)
    status, body = await take(desk, handoff["id"], alex)
    assert status == 409 and body["errors"][0]["code"] == "handoff_returned"
    assert len(rasa.calls_to("tracker/events")) == 2  # the take and the hand-back only


async def test_an_unknown_handoff_is_404(desk):
    for method, path in [
        ("GET", ""),
        ("POST", "/take"),
        ("POST", "/messages"),
        ("POST", "/hand-back"),
    ]:
        response = await desk.request(
            method, f"/api/agent/handoffs/HO-NOSUCH{path}", json={"text": "hi"}, headers=AGENT
        )
        assert response.status == 404, path
        assert (await response.json())["errors"][0]["code"] == "handoff_not_found"


async def test_a_take_body_is_optional(desk, rasa):
    handoff = await queued(desk)

    response = await desk.post(f"/api/agent/handoffs/{handoff['id']}/take", headers=AGENT)

    assert response.status == 200
    assert (await response.json())["agent"] == "agent"  # the shared agent token's actor


# ---- chatting -------------------------------------------------------------------------------


async def test_only_the_agent_holding_it_writes_to_the_customer(desk, rasa):
    handoff = await queued(desk)
    alex, sam = await sign_in(desk), await sign_in(desk, "Sam")
    url = f"/api/agent/handoffs/{handoff['id']}/messages"

    waiting = await desk.post(url, json={"text": "hello"}, headers=alex)
    await take(desk, handoff["id"], alex)
    other = await desk.post(url, json={"text": "hello"}, headers=sam)
    sent = await desk.post(url, json={"text": "Hi Dana, I'm looking at it."}, headers=alex)

    assert waiting.status == other.status == 409
    assert (await other.json())["errors"][0]["code"] == "handoff_not_active"
    assert sent.status == 201 and await sent.json() == {"sent": True}
    call = rasa.calls_to("tracker/events")[-1]
    assert call.query == {
        "output_channel": "latest",
        "execute_side_effects": "true",
    }
    assert call.body == [
        {"event": "bot", "text": "Hi Dana, I'm looking at it.", "metadata": {"agent": "Alex"}}
    ]
    assert len(rasa.calls_to("tracker/events")) == 2  # the greeting, and this message


@pytest.mark.parametrize(
    "body, field, code",
    [
        ({}, "text", "required"),
        ({"text": ""}, "text", "invalid_value"),
        ({"text": "   "}, "text", "invalid_value"),
        ({"text": "x" * 2001}, "text", "invalid_value"),
        ({"text": 42}, "text", "invalid_type"),
        ([], None, "invalid_type"),
    ],
)
async def test_a_message_must_be_some_text(desk, rasa, body, field, code):
    handoff = await queued(desk)
    await take(desk, handoff["id"], AGENT)

    response = await desk.post(
        f"/api/agent/handoffs/{handoff['id']}/messages", json=body, headers=AGENT
    )

    assert response.status == 422
    assert [(e["code"], e["field"]) for e in (await response.json())["errors"]] == [(code, field)]


# ---- handing back ----------------------------------------------------------------------------


async def test_handing_back_resumes_the_assistant_with_what_the_agent_learnt(desk, rasa, clock, db):
    handoff = await queued(desk)
    alex = await sign_in(desk)
    await take(desk, handoff["id"], alex)
    clock.advance(minutes=10)

    response = await desk.post(
        f"/api/agent/handoffs/{handoff['id']}/hand-back",
        json={
            "facts": {
                "order_id": "112-7654321-7654321",
                "item": "the kettle",
                "customer_email": "sam@example.com",
            },
            "note": "wrong order number at first",
        },
        headers=alex,
    )

    assert response.status == 200
    returned = await response.json()
    assert (returned["status"], returned["agent"], returned["returned_at"]) == (
        "returned",
        "Alex",
        "2026-10-10T12:10:00Z",
    )
    assert returned["note"] == "wrong order number at first"
    assert returned["facts"]["order_id"] == "112-7654321-7654321"
    assert returned["facts"]["mentioned_item"] == "the kettle"
    events, trigger = rasa.calls[-2:]
    assert events.endpoint == "tracker/events"
    assert events.body == [
        {"event": "resume"},
        {"event": "slot", "name": "order_id", "value": "112-7654321-7654321"},
        {"event": "slot", "name": "mentioned_item", "value": "the kettle"},
        {"event": "slot", "name": "customer_email", "value": "sam@example.com"},
    ]
    assert events.query == {}  # the token travels as a signed JWT header, never in the URL
    assert trigger.endpoint == "trigger_intent"
    assert trigger.conversation_id == CONVERSATION
    assert trigger.query == {"output_channel": "latest"}
    assert trigger.body == {"name": "agent_handback"}


async def test_handing_back_without_facts_only_resumes(desk, rasa):
    handoff = await queued(desk)
    await take(desk, handoff["id"], AGENT)

    response = await desk.post(
        f"/api/agent/handoffs/{handoff['id']}/hand-back", json={}, headers=AGENT
    )

    assert response.status == 200
    assert rasa.calls_to("tracker/events")[-1].body == [{"event": "resume"}]
    assert rasa.calls_to("trigger_intent")[-1].body == {"name": "agent_handback"}


async def test_only_the_holder_hands_back_and_only_once(desk, rasa):
    handoff = await queued(desk)
    alex, sam = await sign_in(desk), await sign_in(desk, "Sam")
    await take(desk, handoff["id"], alex)
    url = f"/api/agent/handoffs/{handoff['id']}/hand-back"

    other = await desk.post(url, json={}, headers=sam)
    await desk.post(url, json={}, headers=alex)
    twice = await desk.post(url, json={}, headers=alex)

    assert other.status == twice.status == 409
    assert (await other.json())["errors"][0]["code"] == "handoff_taken"
    assert (await twice.json())["errors"][0]["code"] == "handoff_returned"
    assert len(rasa.calls_to("trigger_intent")) == 1


@pytest.mark.parametrize(
    "body, field, code",
    [
        ({"facts": {"order_id": "112-1"}}, "facts.order_id", "invalid_value"),
        ({"facts": {"customer_email": "not an email"}}, "facts.customer_email", "invalid_value"),
        ({"facts": {"sku": "B0HEATER01"}}, "facts", "invalid_value"),
        ({"facts": "order 112"}, "facts", "invalid_type"),
        ({"note": 5}, "note", "invalid_type"),
    ],
)
async def test_hand_back_facts_are_checked(desk, rasa, body, field, code):
    handoff = await queued(desk)

    response = await desk.post(
        f"/api/agent/handoffs/{handoff['id']}/hand-back", json=body, headers=AGENT
    )

    assert response.status == 422
    assert [(e["code"], e["field"]) for e in (await response.json())["errors"]] == [(code, field)]
    assert rasa.calls == []


# ---- intake ---------------------------------------------------------------------------------


async def test_intake_hands_the_assistant_a_customer_on_their_channel(desk, rasa, db):
    alex = await sign_in(desk)

    response = await desk.post(
        "/api/agent/intake",
        json={
            "channel": "telegram",
            "conversation_id": "987654321",
            "facts": {"order_id": "112-1234567-1234567", "item": "heater"},
        },
        headers=alex,
    )

    assert response.status == 201
    intake = await response.json()
    assert schema_problems("Handoff", intake) == []
    assert (intake["reason"], intake["reasons"], intake["status"], intake["agent"]) == (
        "agent_intake",
        ["agent_intake"],
        "returned",
        "Alex",
    )
    assert (intake["channel"], intake["conversation_id"]) == ("telegram", "987654321")
    started, events, trigger = rasa.calls
    assert started.conversation_id == events.conversation_id == trigger.conversation_id
    assert trigger.conversation_id == "987654321"
    assert started.body == [{"event": "action", "name": "action_listen"}]
    assert events.body == [
        {"event": "slot", "name": "order_id", "value": "112-1234567-1234567"},
        {"event": "slot", "name": "mentioned_item", "value": "heater"},
    ]
    assert trigger.query == {"output_channel": "telegram"}
    assert trigger.body == {"name": "agent_handback"}
    assert [row[0] for row in stored(db)] == [intake["id"]]


@pytest.mark.parametrize(
    "body, field, code",
    [
        (
            {"channel": "socketio", "conversation_id": "c1", "facts": {}},
            "facts.order_id",
            "required",
        ),
        (
            {
                "channel": "fax",
                "conversation_id": "c1",
                "facts": {"order_id": "112-1234567-1234567"},
            },
            "channel",
            "invalid_value",
        ),
        (
            {"channel": "rest", "facts": {"order_id": "112-1234567-1234567"}},
            "conversation_id",
            "required",
        ),
    ],
)
async def test_intake_needs_a_channel_a_conversation_and_an_order(desk, rasa, body, field, code):
    response = await desk.post("/api/agent/intake", json=body, headers=AGENT)

    assert response.status == 422
    assert (code, field) in [(e["code"], e["field"]) for e in (await response.json())["errors"]]
    assert rasa.calls == []


async def test_a_conversation_id_stays_one_path_segment(desk, rasa):
    response = await desk.post(
        "/api/agent/intake",
        json={
            "channel": "twilio",
            "conversation_id": "whatsapp:+15551234567",
            "facts": {"order_id": "112-1234567-1234567"},
        },
        headers=AGENT,
    )

    assert response.status == 201
    assert {call.conversation_id for call in rasa.calls} == {"whatsapp:+15551234567"}


# ---- the detail: transcript, live facts, claims ---------------------------------------------------


async def test_the_detail_shows_the_conversation_the_facts_now_and_its_claims(desk, rasa):
    claim = await file_claim(desk, conversation_id=CONVERSATION)
    await file_claim(desk, conversation_id="another-conversation", sku=KETTLE)
    handoff = await queued(desk, facts={"order_id": FACTS["order_id"]})
    rasa.conversations[CONVERSATION] = claim_conversation()
    rasa.slots[CONVERSATION] = FACTS

    response = await desk.get(f"/api/agent/handoffs/{handoff['id']}", headers=AGENT)

    assert response.status == 200
    detail = await response.json()
    assert schema_problems("HandoffDetail", detail) == []
    assert detail["assistant_reachable"] is True
    assert detail["facts"] == FACTS
    assert [c["reference"] for c in detail["claims"]] == [claim["reference"]]
    assert [(e["from"], e["text"]) for e in detail["transcript"]] == [
        ("customer", "my heater melted and burnt the rug"),
        ("assistant", "What was harmed?"),
        ("customer", "Property damage"),
        ("customer", "📎 1 file(s)"),
        ("agent", "Hi Dana, I'm looking at your order."),
    ]
    first, question, _, upload, agent = detail["transcript"]
    assert first == {
        "from": "customer",
        "text": "my heater melted and burnt the rug",
        "at": "2026-10-10T12:00:01Z",
        "buttons": [],
        "evidence_ids": [],
    }
    assert question["buttons"] == [
        {"title": "Property damage", "payload": '/inform{"harm_kind":"property"}'},
        {"title": "An injury", "payload": '/inform{"harm_kind":"injury"}'},
    ]
    assert upload["evidence_ids"] == ["EV-ABCDEFGHJKLMNPQR"]
    assert agent["agent"] == "Alex"
    [read] = rasa.calls_to("tracker")
    assert "token" not in read.query  # a signed JWT header instead (the fake checks it)


async def test_without_rasa_the_detail_falls_back_to_the_facts_the_assistant_sent(desk, rasa):
    handoff = await queued(desk, facts={"order_id": FACTS["order_id"]})
    rasa.failing = True

    response = await desk.get(f"/api/agent/handoffs/{handoff['id']}", headers=AGENT)

    assert response.status == 200
    detail = await response.json()
    assert detail["assistant_reachable"] is False
    assert detail["transcript"] == []
    assert detail["facts"] == {"order_id": FACTS["order_id"]}


# ---- Rasa down: 502, nothing changed ------------------------------------------------------------


async def test_when_rasa_fails_every_change_answers_502_and_nothing_changes(desk, rasa, db):
    waiting = await queued(desk)
    _, active = await open_handoff(desk, conversation_id="4242", reason="distress")
    await take(desk, active["id"], AGENT)
    before = stored(db)
    rasa.failing = True

    attempts = [
        desk.post(f"/api/agent/handoffs/{waiting['id']}/take", json={}, headers=AGENT),
        desk.post(
            f"/api/agent/handoffs/{active['id']}/messages", json={"text": "hi"}, headers=AGENT
        ),
        desk.post(f"/api/agent/handoffs/{active['id']}/hand-back", json={}, headers=AGENT),
        desk.post(
            "/api/agent/intake",
            json={
                "channel": "rest",
                "conversation_id": "c9",
                "facts": {"order_id": FACTS["order_id"]},
            },
            headers=AGENT,
        ),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status == 502
        assert (await response.json())["errors"][0]["code"] == "assistant_unavailable"
    assert stored(db) == before


async def test_an_unreachable_rasa_is_502_too(aiohttp_client, settings, db):
    client = await aiohttp_client(create_app(dataclasses.replace(settings, rasa_url=NO_RASA_URL)))
    _, handoff = await open_handoff(client)

    status, body = await take(client, handoff["id"], AGENT)

    assert status == 502 and body["errors"][0]["code"] == "assistant_unavailable"
    assert stored(db)[0][1:3] == ("waiting", None)


async def test_a_wrong_rasa_token_is_502(aiohttp_client, settings, rasa, db):
    wrong = dataclasses.replace(
        settings, rasa_url=str(rasa.server.make_url("/")), rasa_token="wrong-" * 6
    )
    client = await aiohttp_client(create_app(wrong))
    _, handoff = await open_handoff(client)

    status, body = await take(client, handoff["id"], AGENT)

    assert status == 502 and body["errors"][0]["code"] == "assistant_unavailable"
    assert "token" not in rasa.calls_to("tracker/events")[0].query
    assert stored(db)[0][1:3] == ("waiting", None)


# ---- bodies ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, field, code",
    [
        ({"channel": "socketio", "reason": "customer_asked"}, "conversation_id", "required"),
        (
            {"conversation_id": "c", "channel": "socketio", "reason": "bored"},
            "reason",
            "invalid_value",
        ),
        (
            {"conversation_id": 5, "channel": "socketio", "reason": "distress"},
            "conversation_id",
            "invalid_type",
        ),
        (
            {"conversation_id": "c", "channel": "socketio", "reason": "distress", "facts": [1]},
            "facts",
            "invalid_type",
        ),
    ],
)
async def test_a_handoff_request_is_checked(desk, body, field, code, db):
    response = await desk.post("/api/handoffs", json=body, headers=SERVICE)

    assert response.status == 422
    assert (code, field) in [(e["code"], e["field"]) for e in (await response.json())["errors"]]
    assert stored(db) == []


@pytest.mark.parametrize(
    "path",
    ["/api/handoffs", "/api/staff/sign-in", "/api/agent/intake", "/api/customer-tokens"],
)
async def test_malformed_json_is_400(desk, path):
    headers = {**ADMIN, "Content-Type": "application/json"}

    response = await desk.post(path, data=b'{"conversation_id": ', headers=headers)

    assert response.status == 400
    assert (await response.json())["errors"][0]["code"] == "malformed_json"

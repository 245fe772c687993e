"""The agent desk under pressure: double clicks, races, a half-failing Rasa, odd conversation ids.

Rasa is the fake HTTP server of ``tests/backend/fake_rasa.py``; races between backend instances
run in threads with their own engines, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.handoffs import OPEN_HANDOFF_ATTEMPTS, open_handoff
from backend.models import Handoff
from tests.backend.conftest import AGENT, SERVICE, START
from tests.backend.desk_steps import CONVERSATION, queued, sign_in, take
from tests.backend.fake_rasa import FACTS


def stored(db):
    with db() as session:
        return [
            (row.status, row.agent, row.note, row.facts, row.returned_at)
            for row in session.execute(select(Handoff).order_by(Handoff.id)).scalars()
        ]


async def hand_back(client, handoff_id, headers, body=None):
    response = await client.post(
        f"/api/agent/handoffs/{handoff_id}/hand-back", json=body or {}, headers=headers
    )
    return response.status, await response.json()


def codes(answer):
    status, body = answer
    return status, body["errors"][0]["code"] if status >= 400 else body["status"]


# ---- hand-back: recorded first, so Rasa hears it once -----------------------------------------


async def test_a_double_clicked_hand_back_reaches_the_assistant_once(desk, rasa):
    handoff = await queued(desk)
    alex = await sign_in(desk)
    await take(desk, handoff["id"], alex)

    answers = await asyncio.gather(*(hand_back(desk, handoff["id"], alex) for _ in range(2)))

    assert sorted(codes(answer) for answer in answers) == [
        (200, "returned"),
        (409, "handoff_returned"),
    ]
    assert len(rasa.calls_to("trigger_intent")) == 1
    assert [call.body for call in rasa.calls_to("tracker/events")][1:] == [[{"event": "resume"}]]


async def test_a_waiting_handoff_is_handed_back_or_taken_never_both(desk, rasa):
    handoff = await queued(desk)
    alex, sam = await sign_in(desk), await sign_in(desk, "Sam")

    returned, taken = await asyncio.gather(
        hand_back(desk, handoff["id"], alex), take(desk, handoff["id"], sam)
    )

    outcomes = {codes(returned), codes(taken)}
    assert outcomes in (
        {(200, "returned"), (409, "handoff_returned")},  # the hand-back came first
        {(200, "active"), (409, "handoff_taken")},  # the take came first
    )
    told = [event["event"] for call in rasa.calls_to("tracker/events") for event in call.body]
    assert told in (["resume"], ["pause", "bot"])
    assert len(rasa.calls_to("trigger_intent")) == (1 if told == ["resume"] else 0)


async def test_a_hand_back_rasa_half_applied_is_undone_and_can_be_retried(desk, rasa, db):
    handoff = await queued(desk)
    alex = await sign_in(desk)
    await take(desk, handoff["id"], alex)
    before = stored(db)
    rasa.failing_endpoints = {"trigger_intent"}  # the resume and slots are written, then it fails
    body = {"facts": {"order_id": "112-7654321-7654321"}, "note": "found it"}

    status, error = await hand_back(desk, handoff["id"], alex, body)

    assert status == 502 and error["errors"][0]["code"] == "assistant_unavailable"
    assert "stays as it was" in error["errors"][0]["message"]
    assert "nothing was changed" not in error["errors"][0]["message"]
    assert stored(db) == before  # still Alex's, active, without the note or the new facts
    rasa.failing_endpoints = set()
    status, returned = await hand_back(desk, handoff["id"], alex, body)
    assert status == 200 and returned["status"] == "returned"
    assert returned["facts"]["order_id"] == "112-7654321-7654321"
    resume = [
        {"event": "resume"},
        {"event": "slot", "name": "order_id", "value": "112-7654321-7654321"},
    ]
    assert [call.body for call in rasa.calls_to("tracker/events")][1:] == [resume, resume]


async def test_an_undone_hand_back_leaves_a_newer_handoff_alone(desk, rasa, db):
    handoff = await queued(desk)
    await take(desk, handoff["id"], AGENT)

    async def customer_asks_again_mid_hand_back():
        # While Rasa has the hand-back, the resumed assistant queues a new handoff; then it fails.
        await desk.post(
            "/api/handoffs",
            json={"conversation_id": CONVERSATION, "channel": "socketio", "reason": "distress"},
            headers=SERVICE,
        )

    rasa.failing_endpoints = {"trigger_intent"}
    rasa.before_trigger = customer_asks_again_mid_hand_back

    status, _ = await hand_back(desk, handoff["id"], AGENT)

    assert status == 502
    assert sorted(row[0] for row in stored(db)) == ["returned", "waiting"]


# ---- take: a half-applied pause is resumed ------------------------------------------------------


async def test_a_failed_take_resumes_the_assistant_before_requeueing(desk, rasa, db):
    handoff = await queued(desk)
    rasa.failing = True

    status, body = await take(desk, handoff["id"], AGENT)

    assert status == 502 and body["errors"][0]["code"] == "assistant_unavailable"
    assert [call.body for call in rasa.calls_to("tracker/events")][-1] == [{"event": "resume"}]
    assert [(row[0], row[1]) for row in stored(db)] == [("waiting", None)]


# ---- intake never talks over an open handoff --------------------------------------------------


def intake_body(conversation_id=CONVERSATION):
    return {
        "channel": "socketio",
        "conversation_id": conversation_id,
        "facts": {"order_id": FACTS["order_id"]},
    }


async def test_an_intake_into_a_conversation_with_an_open_handoff_is_refused(desk, rasa):
    handoff = await queued(desk)
    alex, sam = await sign_in(desk), await sign_in(desk, "Sam")

    waiting = await desk.post("/api/agent/intake", json=intake_body(), headers=alex)
    await take(desk, handoff["id"], sam)
    calls = len(rasa.calls)
    others = await desk.post("/api/agent/intake", json=intake_body(), headers=alex)
    own = await desk.post("/api/agent/intake", json=intake_body(), headers=sam)

    assert (waiting.status, others.status, own.status) == (409, 409, 409)
    assert (await waiting.json())["errors"][0]["code"] == "handoff_open"
    assert (await others.json())["errors"][0]["code"] == "handoff_taken"
    assert (await own.json())["errors"][0]["code"] == "handoff_open"
    assert len(rasa.calls) == calls  # the assistant heard nothing of it
    await hand_back(desk, handoff["id"], sam)
    after = await desk.post("/api/agent/intake", json=intake_body(), headers=alex)
    assert after.status == 201


# ---- one open handoff per conversation, even under concurrent requests ------------------------


def test_the_database_refuses_a_second_open_handoff(db):
    def add(status, number):
        def work(session):
            session.add(
                Handoff(
                    id=f"HO-{number}",
                    conversation_id=CONVERSATION,
                    channel="socketio",
                    reason="distress",
                    reasons=["distress"],
                    status=status,
                    facts={},
                    created_at=START,
                )
            )

        run_in_transaction(db, work)

    add("returned", 1)
    add("returned", 2)
    add("waiting", 3)
    with pytest.raises(IntegrityError):
        add("active", 4)
    with pytest.raises(IntegrityError):
        add("waiting", 5)


def test_concurrent_requests_for_a_person_make_one_open_handoff(db, settings):
    reasons = ["customer_asked", "distress", "legal_action", "serious_injury"]
    engines = [make_engine(settings.database_url) for _ in reasons]
    start = threading.Barrier(len(engines))
    created: list[bool] = []

    def assistant(engine, reason):
        body = {"conversation_id": CONVERSATION, "channel": "socketio", "reason": reason}
        start.wait()
        _, new = run_in_transaction(
            make_session_factory(engine),
            lambda session: open_handoff(session, body, START),
            OPEN_HANDOFF_ATTEMPTS,
        )
        created.append(new)

    threads = [
        threading.Thread(target=assistant, args=(engine, reason))
        for engine, reason in zip(engines, reasons)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()

    assert sorted(created) == [False, False, False, True]
    with db() as session:
        [handoff] = session.execute(select(Handoff)).scalars()
    assert handoff.status == "waiting"
    assert sorted(handoff.reasons) == sorted(reasons)


# ---- conversation ids: only what reaches Rasa's tracker unchanged -------------------------------

BAD_IDS = ["a b", "a/b", "café", "..", ".", "x" * 256, "", "tab\tid", "a%2Fb", "a?b", "a#b"]
GOOD_IDS = ["whatsapp:+15551234567", "-1001234567", "dana@example.com", "web-0a1b", "a.b_c"]


@pytest.mark.parametrize("conversation_id", BAD_IDS)
async def test_a_conversation_id_rasa_would_not_read_back_is_refused(desk, rasa, conversation_id):
    queue = await desk.post(
        "/api/handoffs",
        json={"conversation_id": conversation_id, "channel": "rest", "reason": "distress"},
        headers=SERVICE,
    )
    intake = await desk.post("/api/agent/intake", json=intake_body(conversation_id), headers=AGENT)

    for response in (queue, intake):
        assert response.status == 422
        [problem] = (await response.json())["errors"]
        assert (problem["code"], problem["field"]) == ("invalid_value", "conversation_id")
        assert "letters, digits" in problem["message"]
    assert rasa.calls == []


@pytest.mark.parametrize("conversation_id", GOOD_IDS)
async def test_channel_conversation_ids_reach_rasa_as_they_are(desk, rasa, conversation_id):
    response = await desk.post(
        "/api/agent/intake", json=intake_body(conversation_id), headers=AGENT
    )

    assert response.status == 201
    assert {call.conversation_id for call in rasa.calls} == {conversation_id}
    assert all(f"/conversations/{conversation_id}/" in call.path for call in rasa.calls)


@pytest.mark.parametrize("segment", ["a%20b", "caf%C3%A9", "a%2Fb"])
async def test_a_transcript_of_an_odd_conversation_id_is_422(desk, rasa, segment):
    session = await (await desk.post("/api/chat/sessions")).json()

    response = await desk.get(
        f"/api/chat/sessions/{segment}/transcript",
        headers={"Authorization": f"Bearer {session['token']}"},
    )

    assert response.status == 422
    assert (await response.json())["errors"][0]["field"] == "conversation_id"
    assert rasa.calls == []

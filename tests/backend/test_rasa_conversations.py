"""Reading Rasa trackers: the transcript people see and the claim facts the assistant holds."""

from __future__ import annotations

from backend.rasa_conversations import claim_facts, transcript
from tests.backend.fake_rasa import FACTS, bot, claim_conversation, tracker, user


def test_the_transcript_keeps_what_people_said_in_order():
    entries = transcript(tracker("c", claim_conversation(), FACTS))

    assert entries == [
        {
            "from": "customer",
            "text": "my heater melted and burnt the rug",
            "at": "2026-10-10T12:00:01Z",
            "buttons": [],
            "evidence_ids": [],
        },
        {
            "from": "assistant",
            "text": "What was harmed?",
            "at": "2026-10-10T12:00:02Z",
            "buttons": [
                {"title": "Property damage", "payload": '/inform{"harm_kind":"property"}'},
                {"title": "An injury", "payload": '/inform{"harm_kind":"injury"}'},
            ],
            "evidence_ids": [],
        },
        {
            # A pressed button reads as its title.
            "from": "customer",
            "text": "Property damage",
            "at": "2026-10-10T12:00:03Z",
            "buttons": [],
            "evidence_ids": [],
        },
        {
            "from": "customer",
            "text": "📎 1 file(s)",
            "at": "2026-10-10T12:00:04Z",
            "buttons": [],
            "evidence_ids": ["EV-ABCDEFGHJKLMNPQR"],
        },
        {
            "from": "agent",
            "agent": "Alex",
            "text": "Hi Dana, I'm looking at your order.",
            "at": "2026-10-10T12:00:07Z",
            "buttons": [],
            "evidence_ids": [],
        },
    ]


def test_external_intents_and_odd_events_are_left_out():
    events = [
        user("EXTERNAL: agent_handback", 1),
        {"event": "bot", "text": None, "data": None},
        {"event": "user"},
        "not an event",
        bot("Welcome back.", 2, [{"title": "Go on", "payload": "/affirm"}]),
        {
            "event": "bot",
            "text": "",
            "data": {"quick_replies": [{"title": "Yes", "payload": "/y"}]},
        },
    ]

    entries = transcript({"events": events})

    assert [(entry["from"], entry["text"], entry["at"]) for entry in entries] == [
        ("customer", "", None),
        ("assistant", "Welcome back.", "2026-10-10T12:00:02Z"),
        ("assistant", "", None),
    ]
    assert entries[2]["buttons"] == [{"title": "Yes", "payload": "/y"}]
    assert transcript({}) == [] and transcript({"events": None}) == []


def test_claim_facts_are_the_claim_slots_with_a_value():
    facts = claim_facts(tracker("c", [], {**FACTS, "requested_slot": "incident_date"}))

    assert facts == FACTS
    assert claim_facts({"slots": None}) == {} and claim_facts({}) == {}

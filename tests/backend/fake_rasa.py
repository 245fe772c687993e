"""A stand-in for Rasa's HTTP API: records what the backend asks and serves realistic trackers.

The trackers are shaped like Rasa 3.6's ``GET /conversations/{id}/tracker`` answers: events with
timestamps, user events with ``input_channel``, ``metadata`` and ``parse_data``, bot events with
``data.buttons`` and ``metadata.utter_action``, slot events, and the ``slots`` dict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from backend.rasa_auth import rasa_caller_is_admin

RASA_TOKEN = "test-rasa-token-of-32-bytes-or-more"
# When the conversations start: the tests' clock (tests.backend.conftest.START).
T0 = datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc).timestamp()
HARM_BUTTONS = [
    {"title": "Property damage", "payload": '/inform{"harm_kind":"property"}'},
    {"title": "An injury", "payload": '/inform{"harm_kind":"injury"}'},
]
FACTS = {
    "order_id": "112-1234567-1234567",
    "customer_email": "dana@example.com",
    "claim_sku": "B0HEATER01",
    "harm_kind": "property",
    "evidence_ids": ["EV-ABCDEFGHJKLMNPQR"],
}


def user(text: str, at: float, metadata: dict | None = None, channel: str = "socketio") -> dict:
    """A user event as Rasa stores it."""
    return {
        "event": "user",
        "timestamp": T0 + at,
        "metadata": {"model_id": "f1e2d3", "assistant_id": "claims", **(metadata or {})},
        "text": text,
        "parse_data": {
            "intent": {"name": "inform", "confidence": 0.97},
            "entities": [],
            "text": text,
            "message_id": f"m{at}",
            "metadata": metadata or {},
            "intent_ranking": [{"name": "inform", "confidence": 0.97}],
        },
        "input_channel": channel,
        "message_id": f"m{at}",
    }


def bot(text: str, at: float, buttons: list | None = None, metadata: dict | None = None) -> dict:
    """A bot event as Rasa stores it."""
    return {
        "event": "bot",
        "timestamp": T0 + at,
        "metadata": metadata or {"utter_action": "utter_ask", "model_id": "f1e2d3"},
        "text": text,
        "data": {
            "elements": None,
            "quick_replies": None,
            "buttons": buttons,
            "attachment": None,
            "image": None,
            "custom": None,
        },
    }


def action(name: str, at: float) -> dict:
    return {
        "event": "action",
        "timestamp": T0 + at,
        "metadata": {"model_id": "f1e2d3"},
        "name": name,
        "policy": "RulePolicy",
        "confidence": 1.0,
        "action_text": None,
        "hide_rule_turn": False,
    }


def slot(name: str, value: Any, at: float) -> dict:
    return {"event": "slot", "timestamp": T0 + at, "name": name, "value": value}


def claim_conversation() -> list[dict]:
    """A customer part-way through a claim who asks for a person, then hears from an agent."""
    return [
        action("action_session_start", 0),
        {"event": "session_started", "timestamp": T0 + 0.1, "metadata": {}},
        action("action_listen", 0.2),
        user("my heater melted and burnt the rug", 1),
        {"event": "user_featurization", "timestamp": T0 + 1.1, "use_text_for_featurization": False},
        action("claim_form", 1.2),
        {"event": "active_loop", "timestamp": T0 + 1.3, "name": "claim_form"},
        bot("What was harmed?", 2, HARM_BUTTONS),
        action("action_listen", 2.1),
        user('/inform{"harm_kind":"property"}', 3),
        slot("harm_kind", "property", 3.1),
        user("📎 1 file(s)", 4, {"evidence_ids": ["EV-ABCDEFGHJKLMNPQR"]}),
        slot("evidence_ids", ["EV-ABCDEFGHJKLMNPQR"], 4.1),
        user("EXTERNAL: agent_handback", 5, channel="rest"),
        {"event": "pause", "timestamp": T0 + 6},
        bot("Hi Dana, I'm looking at your order.", 7, metadata={"agent": "Alex"}),
        {"event": "bot", "timestamp": T0 + 8, "metadata": {}, "text": None, "data": {}},
    ]


def tracker(conversation_id: str, events: list[dict], slots: dict[str, Any]) -> dict:
    """A tracker JSON in Rasa 3.6's shape."""
    every_slot = {
        "order_id": None,
        "customer_email": None,
        "claim_sku": None,
        "incident_date": None,
        "defect_description": None,
        "harm_kind": None,
        "property_damage_description": None,
        "property_damage_amount": None,
        "injury_description": None,
        "injury_treatment": None,
        "medical_costs": None,
        "lost_earnings": None,
        "evidence_ids": [],
        "evidence_provided": None,
        "mentioned_item": None,
        "claim_run_id": "run0000000000001",
        "requested_slot": "incident_date",
        "session_started_metadata": None,
        **slots,
    }
    users = [event for event in events if event.get("event") == "user"]
    return {
        "sender_id": conversation_id,
        "slots": every_slot,
        "latest_message": users[-1]["parse_data"] if users else {},
        "latest_event_time": events[-1]["timestamp"] if events else None,
        "followup_action": None,
        "paused": any(event.get("event") == "pause" for event in events),
        "events": events,
        "latest_input_channel": "socketio",
        "active_loop": {"name": "claim_form"},
        "latest_action": {"action_name": "action_listen"},
        "latest_action_name": "action_listen",
    }


@dataclass
class Call:
    """One request the backend made."""

    method: str
    conversation_id: str
    endpoint: str
    query: dict[str, str]
    body: Any
    path: str = ""  # as sent, still quoted


@dataclass
class FakeRasa:
    """The fake server's state: conversations, the calls received, and whether it is failing."""

    conversations: dict[str, list[dict]] = field(default_factory=dict)
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    failing: bool = False
    failing_endpoints: set[str] = field(default_factory=set)  # only these fail ("tracker", ...)
    before_trigger: Any = None  # an async function run when trigger_intent is called
    server: Any = None  # the aiohttp test server, once started

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/conversations/{conversation_id}/tracker", self._tracker)
        app.router.add_post("/conversations/{conversation_id}/tracker/events", self._events)
        app.router.add_post("/conversations/{conversation_id}/trigger_intent", self._trigger)
        return app

    def calls_to(self, endpoint: str) -> list[Call]:
        return [call for call in self.calls if call.endpoint == endpoint]

    async def _record(self, request: web.Request, endpoint: str) -> Call:
        raw = await request.read()
        call = Call(
            request.method,
            request.match_info["conversation_id"],
            endpoint,
            dict(request.query),
            json.loads(raw) if raw else None,
            request.rel_url.raw_path,
        )
        self.calls.append(call)
        if "token" in request.query or not rasa_caller_is_admin(
            RASA_TOKEN, request.headers.get("Authorization")
        ):
            raise web.HTTPUnauthorized(text='{"status": "failure", "reason": "NotAuthenticated"}')
        if self.failing or endpoint in self.failing_endpoints:
            raise web.HTTPInternalServerError(text='{"status": "failure"}')
        return call

    def _state(self, conversation_id: str) -> dict:
        return tracker(
            conversation_id,
            self.conversations.get(conversation_id, []),
            self.slots.get(conversation_id, {}),
        )

    async def _tracker(self, request: web.Request) -> web.Response:
        call = await self._record(request, "tracker")
        return web.json_response(self._state(call.conversation_id))

    async def _events(self, request: web.Request) -> web.Response:
        call = await self._record(request, "tracker/events")
        events = call.body if isinstance(call.body, list) else [call.body]
        stamped = [{"timestamp": T0 + 100 + len(self.calls), **event} for event in events]
        self.conversations.setdefault(call.conversation_id, []).extend(stamped)
        for event in events:
            if event.get("event") == "slot":
                self.slots.setdefault(call.conversation_id, {})[event["name"]] = event["value"]
        return web.json_response(self._state(call.conversation_id))

    async def _trigger(self, request: web.Request) -> web.Response:
        if self.before_trigger is not None:
            await self.before_trigger()
        call = await self._record(request, "trigger_intent")
        return web.json_response({"tracker": self._state(call.conversation_id), "messages": []})

"""Test data and tracker builders for the action tests."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.recent_marketplace import TODAY

if TYPE_CHECKING:
    from tests.actions.conftest import RunningBackend

ROOT = Path(__file__).resolve().parents[2]
SENDER = "test-conversation"
SERVICE_TOKEN = "actions-test-service-token"
ADMIN_TOKEN = "actions-test-admin-token"


@cache
def load_domain() -> dict[str, Any]:
    """domain.yml as the action server receives it (read once; do not change it)."""
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def domain_slot_names() -> list[str]:
    return list(load_domain()["slots"])


def initial_slot_values() -> dict[str, Any]:
    """Every slot at the start of a conversation: its `initial_value`, else None (as in Rasa)."""
    return {name: slot.get("initial_value") for name, slot in load_domain()["slots"].items()}


def user_event(
    text: str,
    intent: str = "inform",
    metadata: dict | None = None,
    entities: list[dict] | None = None,
) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "input_channel": "rest",
        "metadata": metadata or {},
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 0.98},
            "entities": entities or [],
        },
    }


def form_tracker(
    candidates: dict[str, Any] | None = None,
    *,
    slots: dict[str, Any] | None = None,
    requested: str | None = None,
    text: str = "",
    intent: str = "inform",
    metadata: dict | None = None,
    entities: list[dict] | None = None,
    form: str = "claim_form",
) -> Tracker:
    """The tracker Rasa's FormAction sends to `validate_<form>`: the conversation, then
    `requested_slot`, the form's ActionExecuted, then the slot candidates of this turn."""
    candidates = candidates or {}
    values = initial_slot_values()
    values.update(slots or {})
    values.update(candidates)
    values["requested_slot"] = requested
    message = user_event(text, intent, metadata, entities)
    events = [
        {"event": "action", "name": "action_listen"},
        message,
        {"event": "slot", "name": "requested_slot", "value": requested},
        {"event": "action", "name": form},
        *({"event": "slot", "name": k, "value": v} for k, v in candidates.items()),
    ]
    return Tracker(SENDER, values, message["parse_data"], events, False, None, {"name": form}, form)


def tracker_from_json(name: str, **slot_overrides: Any) -> Tracker:
    """A tracker dump from tests/actions/data/, with some slots changed."""
    state = json.loads((Path(__file__).parent / "data" / name).read_text())
    state["slots"].update(slot_overrides)
    return Tracker.from_dict(state)


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the events set (the last value wins), e.g. {"order_id": None}."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(message.get("text") or "" for message in dispatcher.messages)


def confirmed_claim(**slot_overrides: Any) -> Tracker:
    """A customer who has just said yes to the summary of a single-item claim (both harms),
    with an incident ten days ago."""
    overrides = {"incident_date": (TODAY - timedelta(days=10)).isoformat(), **slot_overrides}
    return tracker_from_json("confirmed_claim.json", **overrides)


async def upload_evidence(backend: RunningBackend) -> str:
    form = aiohttp.FormData()
    form.add_field("conversation_id", SENDER)
    form.add_field(
        "file", b"%PDF-1.4\n%test\n", filename="receipt.pdf", content_type="application/pdf"
    )
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{backend.url}/api/evidence",
            data=form,
            headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
        ) as response,
    ):
        body = await response.json()
        assert response.status == 201, body
        return body["id"]

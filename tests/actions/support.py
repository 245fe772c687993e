"""Test data and tracker builders for the action tests."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]
SENDER = "test-conversation"
SERVICE_TOKEN = "actions-test-service-token"
ADMIN_TOKEN = "actions-test-admin-token"
TODAY = datetime.now(timezone.utc).date()
DELIVERED = TODAY - timedelta(days=30)

SINGLE_ITEM_ORDER = "112-1234567-1234567"
MULTI_ITEM_ORDER = "113-2345678-2345678"
DANA = "dana@example.com"
SAM = "sam@example.com"
HEATER = {"sku": "B0HEATER01", "title": "Oil-filled space heater 1500W"}
KETTLE = {"sku": "B0KETTLE22", "title": "Electric kettle 1.7L"}
CHARGER = {"sku": "B0CHRGR65W", "title": "65W USB-C fast charger"}


def _iso(day: date) -> str:
    return f"{day.isoformat()}T12:00:00Z"


def marketplace() -> dict[str, Any]:
    """One insured seller, one uninsured; a single-item and a multi-item order, delivered a
    month ago so every test day is inside the filing window."""
    insured = {"policy_number": "PL-T", "insurer": "Example Mutual",
               "per_occurrence_limit": "1000000.00", "additional_insured": True,
               "valid_from": (TODAY - timedelta(days=365)).isoformat(),
               "valid_to": (TODAY + timedelta(days=365)).isoformat()}
    month = TODAY.strftime("%Y-%m")
    return {
        "sellers": [
            {"id": "S-INS", "name": "Insured Home", "email": "claims@insured.example",
             "api_key": "sk-ins-test", "monthly_sales": [{"month": month, "amount": "12500.00"}],
             "insurance": insured},
            {"id": "S-UNI", "name": "Uninsured Gadgets", "email": "help@uninsured.example",
             "api_key": "sk-uni-test", "monthly_sales": [{"month": month, "amount": "4000.00"}],
             "insurance": None},
        ],
        "orders": [
            {"id": SINGLE_ITEM_ORDER,
             "customer": {"id": "C-1", "name": "Dana Reyes", "email": DANA,
                          "postal_code": "97201"},
             "placed_at": _iso(DELIVERED - timedelta(days=3)), "delivered_at": _iso(DELIVERED),
             "items": [{**HEATER, "seller_id": "S-INS", "price": "89.99", "quantity": 1}]},
            {"id": MULTI_ITEM_ORDER,
             "customer": {"id": "C-2", "name": "Sam Okafor", "email": SAM,
                          "postal_code": "60614"},
             "placed_at": _iso(DELIVERED - timedelta(days=2)), "delivered_at": _iso(DELIVERED),
             "items": [{**KETTLE, "seller_id": "S-INS", "price": "34.50", "quantity": 1},
                       {**CHARGER, "seller_id": "S-UNI", "price": "29.99", "quantity": 2}]},
        ],
    }


def domain_slot_names() -> list[str]:
    return list(yaml.safe_load((ROOT / "domain.yml").read_text())["slots"])


def user_event(text: str, intent: str = "inform", metadata: dict | None = None,
               entities: list[dict] | None = None) -> dict[str, Any]:
    return {
        "event": "user", "text": text, "input_channel": "rest", "metadata": metadata or {},
        "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.98},
                       "entities": entities or []},
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
) -> Tracker:
    """The tracker Rasa's FormAction sends to `validate_claim_form`: the conversation, then
    `requested_slot`, the form's ActionExecuted, then the slot candidates of this turn."""
    candidates = candidates or {}
    values = {name: None for name in domain_slot_names()}
    values.update(slots or {})
    values.update(candidates)
    values["requested_slot"] = requested
    message = user_event(text, intent, metadata, entities)
    events = [
        {"event": "action", "name": "action_listen"},
        message,
        {"event": "slot", "name": "requested_slot", "value": requested},
        {"event": "action", "name": "claim_form"},
        *({"event": "slot", "name": k, "value": v} for k, v in candidates.items()),
    ]
    return Tracker(SENDER, values, message["parse_data"], events, False, None,
                   {"name": "claim_form"}, "claim_form")


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

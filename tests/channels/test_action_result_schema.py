"""Custom actions' answers are judged by the one prepared validator exactly as Rasa judges them."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import action_result_schema

RASAS_OWN = RemoteAction._validate_action_result

ANSWERS: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "order_id", "value": "123", "timestamp": None},
            {"event": "active_loop", "name": "claim_form"},
        ],
        "responses": [{"response": "utter_ask_customer_email"}],
    },
    {"events": "not a list", "responses": []},
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [{"event": "slot"}], "responses": []},
    {"events": [], "responses": ["a string, not an object"]},
    ["not", "an", "object"],
    # every event is judged by its own kind alone: valid kinds, and each kind's own mistakes
    {
        "events": [
            {"event": "bot", "text": "Hi", "data": {}, "metadata": {}},
            {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}}},
            {"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0},
            {"event": "active_loop", "name": None},
            {"event": "followup", "name": "action_submit_claim"},
            {"event": "reset_slots"},
            {"event": "restart", "timestamp": 1.5},
            {"event": "slot", "name": "evidence_ids", "value": ["EV-1"]},
        ],
        "responses": [{"text": "Hello", "buttons": [{"title": "a", "payload": "/a"}]}],
    },
    {"events": [{"event": "slot", "name": 5, "value": "x"}], "responses": []},
    {"events": [{"event": "user", "text": 12}], "responses": []},
    {"events": [{"event": "action", "name": "x", "confidence": "high"}], "responses": []},
    {"events": [{"event": "followup"}], "responses": []},
    {"events": [{"event": "restart", "timestamp": "yesterday"}], "responses": []},
    {"events": [{"event": "bot", "text": "hi"}, "not an event"], "responses": []},
    {"events": [{"no": "event name"}], "responses": []},
]


def verdict(validate, answer: Any) -> tuple[bool, str | None]:
    action = RemoteAction("action_ask_order_id", EndpointConfig("http://127.0.0.1:1/webhook"))
    try:
        return validate(action, answer), None
    except ValidationError as error:
        return False, error.message


@pytest.mark.parametrize("answer", ANSWERS)
def test_the_prepared_validator_judges_each_answer_as_rasa_does(answer: Any) -> None:
    assert verdict(action_result_schema._validate_action_result, answer) == verdict(
        RASAS_OWN, answer
    )


def test_a_malformed_answer_is_refused_with_rasas_explanation() -> None:
    accepted, message = verdict(action_result_schema._validate_action_result, ANSWERS[2])
    assert not accepted
    assert "Failed to validate Action server response" in message


def test_install_replaces_the_check_on_every_remote_action(monkeypatch) -> None:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASAS_OWN)
    action_result_schema.install()
    assert RemoteAction._validate_action_result is action_result_schema._validate_action_result

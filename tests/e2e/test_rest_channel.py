"""The REST channel is a trusted server-side integration (issue 11, hole 1): it needs the service
token, and it cannot write into a conversation another channel started. Each refused request
leaves the conversation exactly as it was."""

from __future__ import annotations

import json

import pytest
from stack import Stack

from tests.fakes.telegram import FakeTelegram

from .chat import Chat, http
from .messaging import TelegramCustomer, rasa_events

pytestmark = pytest.mark.e2e


def post(stack: Stack, body: dict, token: str | None = "CLAIMS_SERVICE_TOKEN") -> tuple:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {stack.env.get(token, token)}"
    url = f"http://127.0.0.1:{stack.ports.rasa}/webhooks/rest/webhook"
    return http("POST", url, json.dumps(body).encode(), headers)


@pytest.mark.parametrize("token", [None, "a-guess", "CLAIMS_ADMIN_TOKEN", "CLAIMS_AGENT_TOKEN"])
def test_without_the_service_token_the_assistant_hears_nothing(chat: Chat, token) -> None:
    sender = f"{chat.sender}-{token}"
    status, body = post(chat.stack, {"sender": sender, "message": "hello"}, token)

    assert status == 401 and body["errors"][0]["code"] == "unauthorized"
    assert rasa_events(chat.stack, sender) == []


def test_a_telegram_conversation_cannot_be_continued_over_rest(
    stack: Stack, fake_telegram: FakeTelegram
) -> None:
    customer = TelegramCustomer(stack, fake_telegram)
    customer.say("hello")
    sender = str(customer.chat_id)
    before = rasa_events(stack, sender)

    status, body = post(stack, {"sender": sender, "message": "I want to withdraw my claim"})

    assert status == 403 and body["errors"][0]["code"] == "channel_mismatch"
    assert rasa_events(stack, sender) == before  # nothing said, "latest" channel unchanged


def test_a_web_chat_conversation_cannot_be_written_over_rest(stack: Stack) -> None:
    status, issued = http("POST", f"http://127.0.0.1:{stack.ports.backend}/api/chat/sessions")
    assert status == 201

    status, body = post(stack, {"sender": issued["conversation_id"], "message": "hi"})

    assert status == 403 and body["errors"][0]["code"] == "channel_mismatch"
    assert rasa_events(stack, issued["conversation_id"]) == []


def test_a_rest_message_is_recorded_as_rest_whatever_it_claims(chat: Chat) -> None:
    status, _ = post(
        chat.stack, {"sender": chat.sender, "message": "hello", "input_channel": "socketio"}
    )

    assert status == 200
    [said] = [event for event in rasa_events(chat.stack, chat.sender) if event["event"] == "user"]
    assert said["input_channel"] == "rest"
    # ... so a web chat cannot later be pretended: REST continues its own conversation.
    assert chat.say("thanks") is not None


@pytest.mark.parametrize(
    "body, code",
    [({"message": "hi"}, "required"), ({"sender": "x", "message": 3}, "required")],
)
def test_a_malformed_rest_message_gets_a_clear_error(stack: Stack, body, code) -> None:
    status, answer = post(stack, body)

    assert status == 422 and answer["errors"][0]["code"] == code

"""Customers on Telegram, WhatsApp and SMS file claims with photos, and an agent reaches them there.

Telegram and Twilio are local fakes (tests/fakes/) speaking their real wire formats; Rasa, the
action server and the backend are the real processes of `make run`.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from datetime import timedelta

import pytest
from stack import Stack

from tests.fakes import twilio as twilio_api
from tests.fakes.telegram import FakeTelegram, document_update, text_update
from tests.fakes.twilio import FakeTwilio
from tests.recent_marketplace import TODAY, persona_email, persona_order_id

from .chat import AGENT, AGENT_PASSWORD, http, png_image
from .messaging import TelegramCustomer, TwilioCustomer, rasa_events

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"CLM-[A-Z0-9]{4,}")
# Orders of tests/recent_marketplace.py that no persona and no other test claims for.
TELEGRAM_ORDER, WHATSAPP_ORDER = 40, 39


def claims_of(stack: Stack, conversation_id: str) -> list[dict]:
    query = urllib.parse.urlencode({"conversation_id": conversation_id})  # "+" is not a space
    status, body = http(
        "GET",
        f"http://127.0.0.1:{stack.ports.backend}/api/admin/claims?{query}",
        headers={"Authorization": f"Bearer {stack.env['CLAIMS_ADMIN_TOKEN']}"},
    )
    assert status == 200, body
    return body["claims"]


def first_message(number: int, product: str, amount: str = "$250") -> str:
    day = TODAY - timedelta(days=3)
    return (
        f"order {persona_order_id(number)}: my {product} overheated on {day:%B} {day.day} "
        f"and burned my table, about {amount} to fix"
    )


@pytest.fixture
def telegram_customer(stack: Stack, fake_telegram: FakeTelegram) -> TelegramCustomer:
    return TelegramCustomer(stack, fake_telegram)


def test_telegram_webhook_is_set_in_the_background_with_the_secret(
    stack: Stack, fake_telegram: FakeTelegram
) -> None:
    registered = fake_telegram.wait_for(lambda: fake_telegram.calls_of("setWebhook"))
    assert registered[0].params["url"] == stack.env["TELEGRAM_WEBHOOK_URL"]
    assert registered[0].params["secret_token"] == stack.env["TELEGRAM_SECRET_TOKEN"]


def test_telegram_customer_files_a_claim_with_a_photo_and_hears_the_sellers_answer(
    stack: Stack, telegram_customer: TelegramCustomer, fake_telegram: FakeTelegram
) -> None:
    customer = telegram_customer
    # From $1,000 the claim awaits the seller (S-INS sells the heater).
    customer.say(first_message(TELEGRAM_ORDER, "heater", "$1,250"))
    customer.say(persona_email(TELEGRAM_ORDER))
    photo = png_image()
    file_id = fake_telegram.add_file(photo)
    summary = customer.text(customer.send_photo(file_id, len(photo), "here is the burned table"))
    assert "1,250" in summary, customer.transcript
    confirmation = customer.text(customer.press("yes"))

    reference = REFERENCE.search(confirmation)
    assert reference, customer.transcript
    (claim,) = claims_of(stack, str(customer.chat_id))
    assert claim["reference"] == reference.group()
    assert claim["channel"] == "telegram"
    assert len(claim["evidence"]) == 1, claim["evidence"]
    # The original photo (the largest size) was downloaded, not a thumbnail.
    assert file_id in [call.params["file_id"] for call in fake_telegram.calls_of("getFile")]
    downloads = [call.params["path"] for call in fake_telegram.calls_of("download")]
    assert fake_telegram.files[file_id][0] in downloads
    assert fake_telegram.calls_of("answerCallbackQuery"), "the button's spinner is stopped"

    # Later the seller accepts; the dispatcher pushes the news into the Telegram chat.
    assert claim["status"] == "awaiting_seller", claim
    before = len(fake_telegram.calls)
    backend = f"http://127.0.0.1:{stack.ports.backend}"
    status, body = http(
        "POST",
        f"{backend}/api/seller/claims/{claim['reference']}/response",
        json.dumps({"action": "accept"}).encode(),
        {
            "Authorization": "Bearer sk-ins-test-0000000000000000",
            "Content-Type": "application/json",
        },
    )
    assert status == 200, body
    admin = {"Authorization": f"Bearer {stack.env['CLAIMS_ADMIN_TOKEN']}"}
    status, body = http("POST", f"{backend}/api/admin/outbox/dispatch", headers=admin)
    assert status == 200, body  # the periodic dispatcher may have delivered it already
    news = f"The seller has responded to your claim {claim['reference']}"
    texts = fake_telegram.wait_for(
        lambda: [
            message["text"]
            for message in fake_telegram.sent_messages(customer.chat_id, since=before)
            if news in message["text"]
        ]
    )
    assert len(texts) == 1, texts


def test_telegram_file_of_the_wrong_type_is_refused_kindly_and_its_caption_kept(
    stack: Stack, telegram_customer: TelegramCustomer, fake_telegram: FakeTelegram
) -> None:
    customer = telegram_customer
    # Declared a PNG, but the bytes are text: the evidence store reads the bytes and says 415.
    file_id = fake_telegram.add_file(b"not really a picture", "documents/file_9.png")
    update = document_update(customer.chat_id, file_id, "rug.png", "image/png", 20)
    update["message"]["caption"] = "my space heater caught fire"
    replies = customer.text(customer.deliver("[document]", update))

    assert "couldn't keep" in replies and "photo" in replies, customer.transcript
    said = [
        event["text"]
        for event in rasa_events(stack, str(customer.chat_id))
        if event["event"] == "user"
    ]
    assert said == ["my space heater caught fire"]


def test_telegram_update_without_the_secret_is_refused(
    stack: Stack, telegram_customer: TelegramCustomer, fake_telegram: FakeTelegram
) -> None:
    customer = telegram_customer
    assert customer.post(text_update(customer.chat_id, "hello"), secret="guessed") == 403
    assert customer.post(text_update(customer.chat_id, "hello"), secret="") == 403
    assert rasa_events(stack, str(customer.chat_id)) == []
    assert fake_telegram.sent_messages(customer.chat_id) == []


def test_whatsapp_customer_files_a_claim_with_a_photo(
    stack: Stack, fake_twilio: FakeTwilio
) -> None:
    customer = TwilioCustomer(stack, fake_twilio, "whatsapp:+15557770039")
    customer.say(first_message(WHATSAPP_ORDER, "extension cord"))
    customer.say(persona_email(WHATSAPP_ORDER))
    summary = customer.say("", media=[(png_image(), "image/png")])
    assert "250" in customer.text(summary), customer.transcript
    assert all(reply["From"] == twilio_api.WHATSAPP_NUMBER for reply in summary)
    options = re.findall(r"^(\d+)\. (.+)$", customer.text(summary), re.MULTILINE)
    yes = [number for number, title in options if title.lower().startswith("yes")]
    assert yes, customer.transcript
    confirmation = customer.text(customer.say(yes[0]))

    reference = REFERENCE.search(confirmation)
    assert reference, customer.transcript
    (claim,) = claims_of(stack, customer.address)
    assert claim["reference"] == reference.group() and claim["channel"] == "twilio"
    assert len(claim["evidence"]) == 1
    assert fake_twilio.calls_of("Media.fetch"), "the photo was fetched from Twilio with basic auth"


def test_sms_reply_comes_from_the_sms_number(stack: Stack, fake_twilio: FakeTwilio) -> None:
    customer = TwilioCustomer(stack, fake_twilio, "+15557770101")
    replies = customer.say("hello")
    assert replies and all(reply["From"] == twilio_api.SMS_NUMBER for reply in replies)


def test_twilio_request_with_a_bad_signature_is_refused(
    stack: Stack, fake_twilio: FakeTwilio
) -> None:
    customer = TwilioCustomer(stack, fake_twilio, "+15557770102")
    fields = twilio_api.inbound_message(customer.address, twilio_api.SMS_NUMBER, "hello")
    status, _ = customer.post(fields, signature="bm90IGEgc2lnbmF0dXJl")
    assert status == 403
    status, _ = customer.post(fields, signature="")
    assert status == 403
    assert rasa_events(stack, customer.address) == []
    assert fake_twilio.sent_messages(customer.address) == []


# ---- an agent takes over a Telegram conversation and hands it back (team A's endpoints) --------
def agent_call(stack: Stack, method: str, path: str, token: str, body: dict | None = None) -> tuple:
    return http(
        method,
        f"http://127.0.0.1:{stack.ports.backend}{path}",
        None if body is None else json.dumps(body).encode(),
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )


def test_agent_message_reaches_the_customer_on_telegram(
    stack: Stack, telegram_customer: TelegramCustomer, fake_telegram: FakeTelegram
) -> None:
    customer = telegram_customer
    chat_id = str(customer.chat_id)
    customer.say("my space heater caught fire and burned my rug")
    customer.say("I want to talk to a person")

    status, session = http(
        "POST",
        f"http://127.0.0.1:{stack.ports.backend}/api/staff/sign-in",
        json.dumps({"username": AGENT, "password": AGENT_PASSWORD}).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 200, session
    token = session["session_token"]
    status, body = agent_call(stack, "GET", "/api/agent/handoffs", token)
    assert status == 200, body
    (handoff,) = [item for item in body["handoffs"] if item["conversation_id"] == chat_id]
    assert handoff["channel"] == "telegram" and handoff["status"] == "waiting"

    before = len(fake_telegram.calls)
    status, taken = agent_call(
        stack, "POST", f"/api/agent/handoffs/{handoff['id']}/take", token, {}
    )
    assert status == 200 and taken["agent"] == "Alex", taken
    words = "Hi, I'm Alex from the claims team. Sorry about your rug, let's sort this out."
    status, sent = agent_call(
        stack, "POST", f"/api/agent/handoffs/{handoff['id']}/messages", token, {"text": words}
    )
    assert status == 201, sent
    texts = [message["text"] for message in fake_telegram.sent_messages(chat_id, since=before)]
    assert any("Alex" in text for text in texts[:-1]), texts  # "You're now chatting with Alex …"
    assert texts[-1] == words

    before = len(fake_telegram.calls)
    facts = {"order_id": persona_order_id(TELEGRAM_ORDER)}
    status, returned = agent_call(
        stack, "POST", f"/api/agent/handoffs/{handoff['id']}/hand-back", token, {"facts": facts}
    )
    assert status == 200 and returned["status"] == "returned", returned
    back = " ".join(m["text"] for m in fake_telegram.sent_messages(chat_id, since=before))
    assert "email" in back.lower(), back  # the next missing question, the order id kept

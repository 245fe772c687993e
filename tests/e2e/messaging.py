"""Customers on Telegram and on Twilio (SMS, WhatsApp), posting what those providers post."""

from __future__ import annotations

import json
import random
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from stack import Stack

from backend.rasa_auth import rasa_authorization
from tests.fakes import telegram as telegram_api
from tests.fakes import twilio as twilio_api
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio

from .chat import http


def rasa_webhook(stack: Stack, channel: str) -> str:
    return f"http://127.0.0.1:{stack.ports.rasa}/webhooks/{channel}/webhook"


def rasa_events(stack: Stack, sender: str) -> list[dict]:
    """The events Rasa holds for a conversation (none for a conversation that never started)."""
    sender = urllib.parse.quote(sender, safe="")
    status, tracker = http(
        "GET",
        f"http://127.0.0.1:{stack.ports.rasa}/conversations/{sender}/tracker",
        headers=rasa_authorization(stack.env["RASA_TOKEN"]),
    )
    assert status == 200, tracker
    return [event for event in tracker["events"] if event["event"] in ("user", "bot")]


@dataclass
class TelegramCustomer:
    """A Telegram user chatting with the bot; Telegram's updates go to Rasa's webhook."""

    stack: Stack
    telegram: FakeTelegram
    chat_id: int = field(default_factory=lambda: random.randint(10**8, 10**9))
    transcript: list[tuple[str, list[dict]]] = field(default_factory=list)

    def post(self, update: dict, secret: str | None = None) -> int:
        """Deliver one update as Telegram does; the HTTP status Rasa answered."""
        secret = self.stack.env["TELEGRAM_SECRET_TOKEN"] if secret is None else secret
        status, _ = _post(
            rasa_webhook(self.stack, "telegram"),
            json.dumps(update).encode(),
            {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
        )
        return status

    def deliver(self, what: str, update: dict) -> list[dict]:
        """Deliver an update; return the sendMessage calls it caused to this chat."""
        before = len(self.telegram.calls)
        assert self.post(update) == 200
        replies = self.telegram.sent_messages(self.chat_id, since=before)
        self.transcript.append((what, replies))
        return replies

    def say(self, text: str) -> list[dict]:
        return self.deliver(text, telegram_api.text_update(self.chat_id, text))

    def send_photo(self, file_id: str, size: int, caption: str | None = None) -> list[dict]:
        """Send a photo already uploaded to the fake (`FakeTelegram.add_file`)."""
        update = telegram_api.photo_update(self.chat_id, file_id, size, caption)
        return self.deliver(f"[photo] {caption or ''}", update)

    def press(self, title: str) -> list[dict]:
        """Press the button whose label contains `title` on the latest keyboard."""
        for _, replies in reversed(self.transcript):
            for reply in reversed(replies):
                for row in (reply.get("reply_markup") or {}).get("inline_keyboard", []):
                    for button in row:
                        if title.lower() in button["text"].lower():
                            update = telegram_api.button_update(
                                self.chat_id, button["callback_data"]
                            )
                            return self.deliver(f"[{button['text']}]", update)
        raise AssertionError(f"no button {title!r} offered: {self.transcript}")

    @staticmethod
    def text(replies: list[dict]) -> str:
        return "\n".join(reply["text"] for reply in replies)


@dataclass
class TwilioCustomer:
    """A phone (SMS) or WhatsApp user; Twilio's signed webhook requests go to Rasa."""

    stack: Stack
    twilio: FakeTwilio
    address: str  # "+1555…" or "whatsapp:+1555…"
    transcript: list[tuple[str, list[dict]]] = field(default_factory=list)

    @property
    def our_number(self) -> str:
        whatsapp = self.address.startswith("whatsapp:")
        return twilio_api.WHATSAPP_NUMBER if whatsapp else twilio_api.SMS_NUMBER

    def post(self, fields: dict[str, str], signature: str | None = None) -> tuple[int, str]:
        """Post the form as Twilio does, signed over the public webhook URL."""
        url = self.stack.env["TWILIO_WEBHOOK_URL"]
        signature = self.twilio.signature(url, fields) if signature is None else signature
        return _post(
            rasa_webhook(self.stack, "twilio"),
            urllib.parse.urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
        )

    def say(self, body: str, media: list[tuple[bytes, str]] = ()) -> list[dict]:
        """Send a message (with media files); return the messages Twilio was asked to send."""
        urls = [(self.twilio.add_media(content, kind), kind) for content, kind in media]
        before = len(self.twilio.calls)
        status, answer = self.post(
            twilio_api.inbound_message(self.address, self.our_number, body, urls)
        )
        assert status == 200 and "<Response>" in answer, answer
        replies = self.twilio.sent_messages(self.address, since=before)
        self.transcript.append((body, replies))
        return replies

    @staticmethod
    def text(replies: list[dict]) -> str:
        return "\n".join(reply["Body"] for reply in replies)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()

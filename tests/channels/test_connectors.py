"""The connectors without Rasa: files to the evidence store, refusals told, signatures checked."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web

from bot.channels.evidence_upload import Attachment, AttachmentRefused, EvidenceStore
from bot.channels.telegram import TelegramConnector
from bot.channels.telegram import main as telegram_command
from bot.channels.telegram_updates import read_update
from bot.channels.twilio import TwilioConnector, TwilioMessenger, form_fields
from tests.fakes import twilio as twilio_api
from tests.fakes.server import BackgroundServer
from tests.fakes.telegram import FakeTelegram, document_update, photo_update, text_update
from tests.fakes.twilio import FakeTwilio

SERVICE_TOKEN = "service-token"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class FakeEvidenceStore(BackgroundServer):
    """POST /api/evidence as the backend answers it: 201 for a PNG, 415 for anything else."""

    def __init__(self) -> None:
        app = web.Application()
        app.router.add_post("/api/evidence", self._upload)
        super().__init__(app)

    async def _upload(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {SERVICE_TOKEN}":
            return web.json_response({"errors": [{"code": "unauthorized"}]}, status=401)
        fields = await request.post()
        content = fields["file"].file.read()
        self.record("upload", {"conversation_id": fields["conversation_id"], "size": len(content)})
        if not content.startswith(b"\x89PNG"):
            message = "Please send a photo (JPEG, PNG, WebP or HEIC) or a PDF."
            return web.json_response({"errors": [{"message": message}]}, status=415)
        return web.json_response({"id": f"EV-{len(self.calls)}"}, status=201)


class AnyHost(BackgroundServer):
    """A server that answers any GET with a PNG, recording it."""

    def __init__(self) -> None:
        app = web.Application()
        app.router.add_get("/{path:.*}", self._get)
        super().__init__(app)

    async def _get(self, request: web.Request) -> web.Response:
        self.record("GET", {}, request.path)
        return web.Response(body=PNG, content_type="image/png")


@pytest.fixture(scope="module")
def servers():
    started = [FakeTelegram().start(), FakeTwilio().start(), FakeEvidenceStore().start()]
    yield started
    for server in started:
        server.stop()


def evidence_store(store: FakeEvidenceStore, max_bytes: int = 1024) -> EvidenceStore:
    return EvidenceStore(store.url, SERVICE_TOKEN, max_bytes)


class Rasa:
    """Stands in for Rasa's on_new_message: what the connector passed on."""

    def __init__(self) -> None:
        self.messages = []

    async def __call__(self, message) -> None:
        self.messages.append(message)


async def test_telegram_photo_is_stored_and_its_id_passed_with_the_caption(servers) -> None:
    telegram, _, store = servers
    connector = TelegramConnector(
        telegram.token, api_url=telegram.url, evidence=evidence_store(store)
    )
    rasa = Rasa()
    file_id = telegram.add_file(PNG)
    await connector.handle(read_update(photo_update(77, file_id, len(PNG), "burned")), rasa)

    (message,) = rasa.messages
    assert message.text == "burned" and message.sender_id == "77"
    assert message.metadata == {"evidence_ids": ["EV-1"]}
    assert store.calls[-1].params["conversation_id"] == "77"
    await connector.get_output_channel().close_session()


async def test_telegram_refusals_are_told_and_the_text_still_passed(servers) -> None:
    telegram, _, store = servers
    connector = TelegramConnector(
        telegram.token, api_url=telegram.url, evidence=evidence_store(store)
    )
    rasa = Rasa()
    wrong = telegram.add_file(b"plain text", "documents/notes.png")
    update = document_update(78, wrong, "notes.png", "image/png", 10)
    update["message"]["caption"] = "here you go"
    await connector.handle(read_update(update), rasa)
    huge = telegram.add_file(PNG * 100)  # declared over the 1 KiB limit: never downloaded
    await connector.handle(read_update(photo_update(78, huge, 7200)), rasa)

    assert [message.text for message in rasa.messages] == ["here you go"]
    assert rasa.messages[0].metadata == {}
    told = [call["text"] for call in telegram.sent_messages(78)]
    assert "couldn't keep" in told[0] and "PNG" in told[0]
    assert "larger than" in told[1]
    assert huge not in [call.params.get("file_id") for call in telegram.calls_of("getFile")]
    await connector.get_output_channel().close_session()


def test_telegram_secret_token_is_required_and_without_one_nothing_passes(caplog) -> None:
    guarded = TelegramConnector("1:x", secret_token="hush", evidence=EvidenceStore())
    assert guarded.secret_matches("hush")
    assert not guarded.secret_matches("guess") and not guarded.secret_matches(None)
    assert "TELEGRAM_SECRET_TOKEN is not set" not in caplog.text
    # Fail closed: with no secret configured, no update is taken, with or without a header.
    unguarded = TelegramConnector("1:x", evidence=EvidenceStore())
    assert not unguarded.secret_matches(None) and not unguarded.secret_matches("")
    assert not unguarded.secret_matches("anything")
    assert "TELEGRAM_SECRET_TOKEN is not set" in caplog.text  # said at start


def test_telegram_update_delivered_again_is_answered_once() -> None:
    connector = TelegramConnector("1:x", secret_token="hush", evidence=EvidenceStore())
    update = text_update(79, "my heater caught fire")
    assert connector.message_of(update).text == "my heater caught fire"
    assert connector.message_of(dict(update)) is None  # Telegram's retry after a slow turn
    assert connector.message_of(text_update(79, "hello")).text == "hello"


async def test_failed_downloads_are_logged_without_the_url(servers, caplog) -> None:
    telegram, _, store = servers
    secret_path = f"/file/bot{telegram.token}/photos/missing.jpg"
    for base in (telegram.url, "http://127.0.0.1:9"):  # answers 404; refuses connections
        attachment = Attachment(url=base + secret_path, label="your photo")
        async with aiohttp.ClientSession() as session:
            with pytest.raises(AttachmentRefused, match="couldn't download your photo"):
                await evidence_store(store).fetch(session, attachment)
    assert "Fetching your photo" in caplog.text
    assert telegram.token not in caplog.text and "missing.jpg" not in caplog.text


def twilio_request(fake: FakeTwilio, url: str, fields: dict, signature: str | None = None):
    signed = fake.signature(url, fields) if signature is None else signature
    return SimpleNamespace(
        headers={"X-Twilio-Signature": signed},
        body=urlencode(fields).encode(),
        url="http://internal:5005/x",
    )


def signed(connector: TwilioConnector, request) -> bool:
    return connector.signature_valid(request, form_fields(request))


def test_twilio_signature_is_checked_over_the_public_url(servers) -> None:
    _, twilio, _ = servers
    public = "https://claims.example/webhooks/twilio/webhook"
    connector = TwilioConnector(
        twilio.account_sid, twilio.auth_token, webhook_url=public, evidence=EvidenceStore()
    )
    fields = twilio_api.inbound_message("+15551", twilio_api.SMS_NUMBER, "")  # blank Body signed
    assert signed(connector, twilio_request(twilio, public, fields))
    assert not signed(connector, twilio_request(twilio, "http://internal:5005/x", fields))
    assert not signed(connector, twilio_request(twilio, public, fields, signature=""))
    tampered = twilio_request(twilio, public, fields)
    tampered.body = urlencode({**fields, "Body": "something else"}).encode()
    assert not signed(connector, tampered)


async def test_twilio_media_are_stored_and_replies_come_from_the_right_number(servers) -> None:
    _, twilio, store = servers
    connector = TwilioConnector(
        twilio.account_sid,
        twilio.auth_token,
        twilio_api.SMS_NUMBER,
        twilio_api.WHATSAPP_NUMBER,
        api_url=twilio.url,
        evidence=evidence_store(store),
    )
    rasa = Rasa()
    media = [
        (twilio.add_media(PNG, "image/png"), "image/png"),
        (twilio.add_media(b"OggS", "audio/ogg"), "audio/ogg"),
    ]
    fields = twilio_api.inbound_message("whatsapp:+15552", twilio_api.WHATSAPP_NUMBER, "", media)
    await connector.handle("whatsapp:+15552", "", fields, rasa)

    (message,) = rasa.messages
    assert message.text == "📎 1 file" and message.metadata["evidence_ids"]
    (refusal,) = twilio.sent_messages("whatsapp:+15552")
    assert refusal["From"] == twilio_api.WHATSAPP_NUMBER and "couldn't keep" in refusal["Body"]

    messenger: TwilioMessenger = connector.get_output_channel()
    await messenger.send_text_message("+15553", "hello")
    assert twilio.sent_messages("+15553")[-1]["From"] == twilio_api.SMS_NUMBER


async def test_twilio_media_elsewhere_than_the_twilio_api_are_never_fetched(servers) -> None:
    _, twilio, store = servers
    connector = TwilioConnector(
        twilio.account_sid,
        twilio.auth_token,
        twilio_api.SMS_NUMBER,
        api_url=twilio.url,
        evidence=evidence_store(store),
    )
    elsewhere = AnyHost().start()  # say, a metadata service inside the network
    rasa = Rasa()
    media = [
        (f"{elsewhere.url}/latest/meta-data/", "image/png"),
        (twilio.url.replace("127.0.0.1", "user@127.0.0.1"), "image/png"),
    ]
    fields = twilio_api.inbound_message("+15554", twilio_api.SMS_NUMBER, "it broke", media)
    uploads = len(store.calls)
    await connector.handle("+15554", "it broke", fields, rasa)
    elsewhere.stop()

    (message,) = rasa.messages
    assert message.text == "it broke" and message.metadata == {}
    assert elsewhere.calls == [] and len(store.calls) == uploads
    refusals = [sent["Body"] for sent in twilio.sent_messages("+15554")]
    assert len(refusals) == 2 and all("couldn't download your photo" in r for r in refusals)


async def test_sms_reads_an_inverted_exclamation_mark_as_an_at_sign(servers) -> None:
    _, twilio, store = servers
    connector = TwilioConnector(
        twilio.account_sid, twilio.auth_token, api_url=twilio.url, evidence=evidence_store(store)
    )
    rasa = Rasa()
    await connector.handle("+15555", "dana¡example.com", {}, rasa)
    await connector.handle("whatsapp:+15555", "¡Hola!", {}, rasa)
    assert [message.text for message in rasa.messages] == ["dana@example.com", "¡Hola!"]


async def test_webhook_registration_failure_is_logged_not_raised(caplog) -> None:
    connector = TelegramConnector(
        "1:x", webhook_url="https://claims.example/hook", api_url="http://127.0.0.1:9"
    )
    assert await connector.register_webhook() is False
    assert "Could not set the Telegram webhook" in caplog.text
    await connector.get_output_channel().close_session()


def test_set_webhook_command_registers_url_and_secret(servers, monkeypatch) -> None:
    telegram = servers[0]
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://claims.example/webhooks/telegram/webhook")
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "hush")
    monkeypatch.setenv("TELEGRAM_API_URL", telegram.url)
    assert telegram_command(["set-webhook"]) == 0
    call = telegram.calls_of("setWebhook")[-1]
    assert call.params["url"].startswith("https://claims.example/")
    assert call.params["secret_token"] == "hush"

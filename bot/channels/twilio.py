"""SMS and WhatsApp through Twilio: signed webhooks in, non-blocking REST calls out.

Differences from `rasa.core.channels.twilio`: every request must carry a valid
`X-Twilio-Signature` (computed over the configured public webhook URL), replies are sent with
aiohttp instead of the blocking twilio Client, WhatsApp customers are answered from the WhatsApp
number, buttons become numbered options, and MediaUrlN files go to the claims evidence store,
fetched only from the Twilio API's own origin (`api_url`), never from wherever a URL points.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.channels.evidence_upload import (
    Attachment,
    Collected,
    EvidenceStore,
    could_not_fetch,
    message_text,
)
from bot.channels.numbered_options import NumberedOptions, with_options

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.twilio.com"
SIGNATURE_HEADER = "X-Twilio-Signature"
WHATSAPP_PREFIX = "whatsapp:"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
BODY_LIMIT = 1600  # Twilio refuses longer message bodies
SEND_TIMEOUT = aiohttp.ClientTimeout(total=30, sock_connect=10)


class TwilioMessenger(OutputChannel):
    """Sends the assistant's messages with Twilio's Messages API, without blocking the loop."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        sms_number: str | None,
        whatsapp_number: str | None = None,
        api_url: str = DEFAULT_API_URL,
        options: NumberedOptions | None = None,
    ) -> None:
        self.account_sid = account_sid
        self.auth = aiohttp.BasicAuth(account_sid, auth_token)
        self.sms_number = sms_number
        self.whatsapp_number = whatsapp_number
        self.messages_url = f"{api_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self.options = options or NumberedOptions()

    def sender_for(self, recipient: str) -> str | None:
        """The WhatsApp number for a `whatsapp:` recipient, else the SMS number."""
        return self.whatsapp_number if recipient.startswith(WHATSAPP_PREFIX) else self.sms_number

    async def send(self, recipient: str, body: str, media_url: str | None = None) -> bool:
        """One Messages API call; a failure is logged (the customer's turn goes on)."""
        sender = self.sender_for(recipient)
        if not sender:
            logger.error("No Twilio number configured to answer %s", recipient)
            return False
        form = {"From": sender, "To": recipient, "Body": body}
        if media_url:
            form["MediaUrl"] = media_url
        try:
            async with (
                aiohttp.ClientSession(timeout=SEND_TIMEOUT) as session,
                session.post(self.messages_url, data=form, auth=self.auth) as answer,
            ):
                if answer.status < 300:
                    return True
                logger.error(
                    "Twilio refused a message (%s): %s", answer.status, await answer.text()
                )
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Sending a Twilio message failed: %r", error)
        return False

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_body(text):
            await self.send(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        self.options.offer(recipient_id, buttons)
        await self.send_text_message(recipient_id, with_options(text, buttons))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send(recipient_id, "", media_url=image)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        text = json_message.get("body") or json_message.get("text")
        if text:
            await self.send_text_message(recipient_id, str(text))
        else:
            logger.warning("Custom JSON without a body is not sent on Twilio: %s", json_message)


def split_body(text: str, limit: int = BODY_LIMIT) -> list[str]:
    """The text in as few messages as Twilio allows, cut between paragraphs where possible."""
    text = text.strip()
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n\n", 0, limit)
        cut = cut if cut > 0 else limit
        parts.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*parts, text] if text else parts


class TwilioConnector(TwilioInput):
    """The webhook Twilio posts SMS and WhatsApp messages to: `/webhooks/twilio/webhook`."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if (
            not credentials
            or not credentials.get("account_sid")
            or not credentials.get("auth_token")
        ):
            cls.raise_missing_credentials_exception()
        return cls(
            account_sid=credentials["account_sid"],
            auth_token=credentials["auth_token"],
            twilio_number=credentials.get("twilio_number"),
            whatsapp_number=credentials.get("whatsapp_number"),
            webhook_url=credentials.get("webhook_url"),
            api_url=credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        twilio_number: str | None = None,
        whatsapp_number: str | None = None,
        webhook_url: str | None = None,
        api_url: str = DEFAULT_API_URL,
        evidence: EvidenceStore | None = None,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.whatsapp_number = whatsapp_number
        self.webhook_url = webhook_url
        self.api_url = api_url.rstrip("/")
        self.validator = RequestValidator(auth_token)
        self.evidence = evidence or EvidenceStore.from_environment()
        self.messenger = TwilioMessenger(
            account_sid,
            auth_token,
            twilio_number,
            whatsapp_number,
            self.api_url,
            NumberedOptions(),
        )
        if not webhook_url:
            logger.warning(
                "TWILIO_WEBHOOK_URL is not set: signatures are checked against the URL each "
                "request arrived on, which is wrong behind a proxy or tunnel"
            )

    def get_output_channel(self) -> TwilioMessenger:
        """The one messenger of this channel (it holds the numbered options offered)."""
        return self.messenger

    @property
    def options(self) -> NumberedOptions:
        return self.messenger.options

    def signature_valid(self, request: Request, form: RequestParameters) -> bool:
        """Whether Twilio signed this request (over the public webhook URL) with our auth token."""
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        return self.validator.validate(self.webhook_url or request.url, form, signature)

    def attachments(self, form: Any) -> tuple[list[Attachment], list[str]]:
        """MediaUrlN / MediaContentTypeN of a message, and a refusal per URL outside Twilio's API
        (never fetched: the connector must not be made to reach other hosts)."""
        try:
            count = int(form.get("NumMedia") or 0)
        except ValueError:
            count = 0
        found, refusals = [], []
        for index in range(min(count, 10)):  # Twilio sends at most 10 media
            url = form.get(f"MediaUrl{index}")
            if not url:
                continue
            content_type = form.get(f"MediaContentType{index}")
            label = "your photo" if (content_type or "").startswith("image/") else "your file"
            if not _same_origin(url, self.api_url):
                logger.warning("Refused media outside the Twilio API: %s", urlsplit(url).netloc)
                refusals.append(str(could_not_fetch(label)))
                continue
            found.append(
                Attachment(
                    url=url,
                    label=label,
                    filename=f"media-{index}",
                    declared_type=content_type,
                    auth=self.messenger.auth,
                )
            )
        return found, refusals

    async def collect_media(self, form: Any, sender: str) -> Collected:
        """Store the message's media as evidence; refusals of foreign URLs come first."""
        attachments, refusals = self.attachments(form)
        collected = await self.evidence.collect(attachments, sender)
        collected.refusals[:0] = refusals
        return collected

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = Blueprint("twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = form_fields(request)
            if not self.signature_valid(request, form):
                logger.warning("Refused a Twilio request without a valid signature")
                return response.text("invalid signature", status=403)
            sender = form.get("From")
            if not sender:
                return response.text("From is required", status=400)
            await self.handle(sender, form.get("Body") or "", form, on_new_message)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return twilio_webhook

    async def handle(
        self,
        sender: str,
        body: str,
        form: Any,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """Keep the message's media, tell the customer about refused files, pass it to Rasa."""
        messenger = self.get_output_channel()
        text = self.options.resolve(sender, sms_text(sender, body)) if body else ""
        collected = await self.collect_media(form, sender)
        for refusal in collected.refusals:
            await messenger.send_text_message(sender, refusal)
        if not text.strip() and not collected.evidence_ids:
            return
        metadata = {"evidence_ids": collected.evidence_ids} if collected.evidence_ids else {}
        try:
            await on_new_message(
                UserMessage(
                    message_text(text, collected.evidence_ids),
                    messenger,
                    sender,
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )
        except Exception:  # Twilio would show the customer an error; the log has the cause
            logger.exception("The assistant failed on a Twilio message")


def sms_text(sender: str, body: str) -> str:
    """The body with "¡" read as "@" on SMS. GSM 03.38, the SMS alphabet, codes "@" as 0x00 and
    "¡" as 0x40 (ASCII's "@"), and some carriers mix the two up: an email address typed in an SMS
    can arrive as "dana¡example.com". WhatsApp is not GSM-coded: there "¡Hola!" stays as it is."""
    return body if sender.startswith(WHATSAPP_PREFIX) else body.replace("¡", "@")


def form_fields(request: Request) -> RequestParameters:
    """The posted form with its empty fields: Twilio signs `Body=` of a photo-only message too,
    and Sanic's `request.form` drops blank values."""
    try:
        text = (request.body or b"").decode("utf-8")
    except UnicodeDecodeError:
        return RequestParameters()
    return RequestParameters(parse_qs(text, keep_blank_values=True))


def _same_origin(url: str, base: str) -> bool:
    """Whether `url` is on `base`'s scheme, host and port (no user info, no other host)."""
    origin = _origin(url)
    return origin is not None and origin == _origin(base)


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None
    if parts.username or parts.password or not parts.hostname or port is None:
        return None
    return parts.scheme.lower(), parts.hostname, port

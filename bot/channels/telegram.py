"""The Telegram channel: Rasa's Telegram connector made safe to start, to verify and to test.

Differences from `rasa.core.channels.telegram`: the Bot talks to `api_url` (a local fake in the
tests), the webhook is registered in the background after start (or with
`python -m bot.channels.telegram set-webhook`) so Rasa starts without Telegram, updates without
the configured `X-Telegram-Bot-Api-Secret-Token` are refused, an update Telegram re-delivers
(after a slow turn) is answered once, and photos and documents go to the claims evidence store.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.evidence_upload import (
    Attachment,
    Collected,
    EvidenceStore,
    could_not_fetch,
    message_text,
)
from bot.channels.telegram_updates import RecentUpdates, TelegramMessage, read_update

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
API_TIMEOUT_SECONDS = 30


class TelegramMessenger(TelegramOutput):
    """Sends the assistant's messages through the Bot API at `api_url`."""

    def __init__(self, access_token: str, api_url: str = DEFAULT_API_URL) -> None:
        Bot.__init__(
            self,
            access_token,
            timeout=API_TIMEOUT_SECONDS,
            server=TelegramAPIServer.from_base(api_url),
        )

    async def close_session(self) -> None:
        """Close the HTTP session (aiogram's own `close()` is deprecated)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def file_url(self, file_path: str) -> str:
        """Where a file returned by getFile can be downloaded."""
        return self.server.file_url(self._token, file_path)


class TelegramConnector(TelegramInput):
    """The webhook Telegram posts updates to: `/webhooks/telegram/webhook`."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials or not credentials.get("access_token"):
            cls.raise_missing_credentials_exception()
        return cls(
            access_token=credentials["access_token"],
            verify=credentials.get("verify"),
            webhook_url=credentials.get("webhook_url"),
            secret_token=credentials.get("secret_token"),
            api_url=credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(
        self,
        access_token: str,
        verify: str | None = None,
        webhook_url: str | None = None,
        secret_token: str | None = None,
        api_url: str = DEFAULT_API_URL,
        evidence: EvidenceStore | None = None,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode=False)
        self.secret_token = secret_token or None
        self.api_url = api_url
        self.evidence = evidence or EvidenceStore.from_environment()
        self._messenger: TelegramMessenger | None = None
        self._background: set[asyncio.Task] = set()
        self.recent_updates = RecentUpdates()
        if self.secret_token is None:
            logger.warning(
                "TELEGRAM_SECRET_TOKEN is not set: every update is refused, since anyone who "
                "finds the webhook URL could post as any Telegram customer (scripts/stack.py "
                "generates one)"
            )

    def get_output_channel(self) -> TelegramMessenger:
        """The one messenger of this channel (Rasa also asks for it to push an agent's message)."""
        if self._messenger is None:
            self._messenger = TelegramMessenger(self.access_token, self.api_url)
        return self._messenger

    def secret_matches(self, received: str | None) -> bool:
        """Whether the request carries the configured secret (never, when none is configured:
        the channel fails closed)."""
        if self.secret_token is None:
            return False
        return hmac.compare_digest((received or "").encode(), self.secret_token.encode())

    async def register_webhook(self) -> bool:
        """Tell Telegram where to post updates; a failure is logged, never raised."""
        if not self.webhook_url:
            return False
        parameters: dict[str, Any] = {
            "url": self.webhook_url,
            "allowed_updates": json.dumps(ALLOWED_UPDATES),
        }
        if self.secret_token:
            parameters["secret_token"] = self.secret_token
        try:
            await self.get_output_channel().request("setWebhook", parameters)
        except (TelegramAPIError, aiohttp.ClientError, OSError, asyncio.TimeoutError) as error:
            logger.warning("Could not set the Telegram webhook to %s: %s", self.webhook_url, error)
            return False
        logger.info("Telegram webhook set to %s", self.webhook_url)
        return True

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = Blueprint("telegram_webhook", __name__)

        @telegram_webhook.listener("after_server_start")
        async def set_webhook_in_background(*_: Any) -> None:
            task = asyncio.get_running_loop().create_task(self.register_webhook())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

        @telegram_webhook.listener("before_server_stop")
        async def close_session(*_: Any) -> None:
            await self.get_output_channel().close_session()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.secret_matches(request.headers.get(SECRET_HEADER)):
                logger.warning("Refused a Telegram update without the right secret token")
                return response.json({"error": "forbidden"}, status=403)
            try:
                update = json.loads(request.body or b"null")
            except ValueError:
                return response.json({"error": "malformed JSON"}, status=400)
            message = self.message_of(update)
            if message is not None:
                await self.handle(message, on_new_message)
            return response.text("success")

        return telegram_webhook

    def message_of(self, update: Any) -> TelegramMessage | None:
        """The customer's message in a new update; None for a repeated or unanswerable one."""
        if not isinstance(update, dict):
            return None
        if not self.recent_updates.first_time(update):
            logger.info("Skipped Telegram update %s: already received", update.get("update_id"))
            return None
        return read_update(update)

    async def handle(
        self, message: TelegramMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        """Keep the message's files, tell the customer about refused ones, pass it to Rasa."""
        messenger = self.get_output_channel()
        if message.callback_query_id:
            await self._answer_button(message.callback_query_id)
        collected = await self.collect_files(message)
        for refusal in collected.refusals:
            await messenger.send_text_message(message.chat_id, refusal)
        if not message.text and not collected.evidence_ids:
            return
        metadata = {"evidence_ids": collected.evidence_ids} if collected.evidence_ids else {}
        try:
            await on_new_message(
                UserMessage(
                    message_text(message.text, collected.evidence_ids),
                    messenger,
                    message.chat_id,
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )
        except Exception:  # Telegram would re-send the update forever on an error status
            logger.exception("The assistant failed on a Telegram message")

    async def collect_files(self, message: TelegramMessage) -> Collected:
        """Fetch each file by getFile + its file URL, and store it as evidence."""
        messenger = self.get_output_channel()
        attachments, refusals = [], []
        for file in message.files:
            if file.size and file.size > self.evidence.max_bytes:
                refusals.append(str(self.evidence.too_large(file.label)))
                continue
            try:
                found = await messenger.get_file(file.file_id)
            except TelegramAPIError as error:  # "file is too big" above the Bot API's 20 MB
                logger.warning("getFile %s failed: %s", file.file_id, error)
                refusal = (
                    self.evidence.too_large(file.label)
                    if "too big" in str(error).lower()
                    else could_not_fetch(file.label)
                )
                refusals.append(str(refusal))
                continue
            attachments.append(
                Attachment(
                    url=messenger.file_url(found.file_path),
                    label=file.label,
                    filename=file.filename,
                    declared_type=file.mime_type,
                    declared_size=file.size or found.file_size,
                )
            )
        collected = await self.evidence.collect(attachments, message.chat_id)
        collected.refusals[:0] = refusals
        return collected

    async def _answer_button(self, callback_query_id: str) -> None:
        """Stop the button's spinner in the customer's app."""
        try:
            await self.get_output_channel().answer_callback_query(callback_query_id)
        except TelegramAPIError as error:
            logger.warning("answerCallbackQuery failed: %s", error)


def main(arguments: list[str]) -> int:
    """`python -m bot.channels.telegram set-webhook`: register TELEGRAM_WEBHOOK_URL now."""
    if arguments != ["set-webhook"]:
        print("usage: python -m bot.channels.telegram set-webhook", file=sys.stderr)
        return 2
    if not os.environ.get("TELEGRAM_BOT_TOKEN") or not os.environ.get("TELEGRAM_WEBHOOK_URL"):
        print("Set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_URL first.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO)
    connector = TelegramConnector(
        access_token=os.environ["TELEGRAM_BOT_TOKEN"],
        webhook_url=os.environ["TELEGRAM_WEBHOOK_URL"],
        secret_token=os.environ.get("TELEGRAM_SECRET_TOKEN"),
        api_url=os.environ.get("TELEGRAM_API_URL") or DEFAULT_API_URL,
    )

    async def register() -> bool:
        try:
            return await connector.register_webhook()
        finally:
            await connector.get_output_channel().close_session()

    return 0 if asyncio.run(register()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

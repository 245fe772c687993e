"""Rasa's REST channel as a trusted server-side integration.

Rasa's own `RestInput` takes any `sender` from anyone: whoever knows a conversation id (a web
chat's, a Telegram chat id, a phone number) could write into that conversation as the customer.
This channel (still named `rest`, webhook `/webhooks/rest/webhook`):

- requires `Authorization: Bearer <CLAIMS_SERVICE_TOKEN>`; without it, or with another token,
  `401 {"errors": [{"code": "unauthorized", ...}]}` and the assistant hears nothing;
- continues only conversations REST started: one whose first customer message came on another
  channel (the chat page's socket.io, Telegram, Twilio) answers `403 channel_mismatch`, and so
  does a `web-…` id (the chat page's, owned by socket.io even before its first message);
- always records its messages as `rest` (Rasa's takes an `input_channel` from the body).

A conversation's channel never changes once a customer wrote on one, so each Rasa process
remembers the owners it has read (the last `OWNERS_REMEMBERED`): a turn then reads the
conversation from the tracker store once, for the assistant, not twice (issue 15).

credentials.yml names it `bot.channels.trusted_rest.TrustedRestInput` (no settings: the token
comes from the environment, like the other connectors').
"""

from __future__ import annotations

import hmac
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import UserUttered
from sanic import Blueprint, response
from sanic.request import Request

WEB_CHAT_PREFIX = "web-"
OWNERS_REMEMBERED = 100_000


def _error(status: int, code: str, message: str, field: str | None = None) -> response.HTTPResponse:
    return response.json(
        {"errors": [{"code": code, "field": field, "message": message}]}, status=status
    )


def owning_channel(events: Any) -> str | None:
    """The channel of the first customer message that came on a channel (``None``: none yet).

    Intents triggered through Rasa's HTTP API (an agent's intake or hand-back) carry no channel
    of their own, so an agent-started conversation belongs to the channel the customer uses.
    """
    for event in events:
        if isinstance(event, UserUttered) and event.input_channel:
            return event.input_channel
    return None


class TrustedRestInput(RestInput):
    """The REST channel, for holders of the service token, on REST's own conversations."""

    def __init__(self, service_token: str | None = None) -> None:
        self.service_token = service_token
        self.owners: OrderedDict[str, str] = OrderedDict()  # sender -> channel, latest last

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TrustedRestInput:
        return cls(os.environ.get("CLAIMS_SERVICE_TOKEN") or None)

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def authorized(self, request: Request) -> bool:
        """Whether the request carries the service token (none configured: nobody is)."""
        scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
        return bool(
            self.service_token
            and scheme.lower() == "bearer"
            and hmac.compare_digest(token.strip().encode(), self.service_token.encode())
        )

    async def refusal(self, request: Request) -> response.HTTPResponse | None:
        """Why this request may not reach the assistant, as the answer to send; else ``None``."""
        if not self.authorized(request):
            return _error(401, "unauthorized", "The REST channel needs the service token.")
        body = request.json if isinstance(request.json, dict) else None
        if body is None:
            return _error(400, "malformed_json", "The body must be a JSON object.")
        sender = body.get("sender")
        if not isinstance(sender, str) or not sender.strip():
            return _error(422, "required", "sender must be a conversation id.", "sender")
        if not isinstance(body.get("message"), str):
            return _error(422, "required", "message must be text.", "message")
        if sender.startswith(WEB_CHAT_PREFIX):
            return _mismatch()
        owner = await self.owner(request, sender)
        if owner not in (None, self.name()):
            return _mismatch()
        return None

    async def owner(self, request: Request, sender: str) -> str | None:
        """The channel that owns the conversation (``None``: none yet), remembered once known."""
        owner = self.owners.get(sender)
        if owner is not None:
            self.owners.move_to_end(sender)
            return owner
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
        owner = owning_channel(tracker.events) if tracker is not None else None
        if owner is not None:
            self.owners[sender] = owner
            if len(self.owners) > OWNERS_REMEMBERED:
                self.owners.popitem(last=False)
        return owner

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.on_request
        async def guard(request: Request) -> response.HTTPResponse | None:
            if request.method == "POST":
                try:
                    return await self.refusal(request)
                except Exception:  # noqa: BLE001 - a body Sanic cannot parse
                    return _error(400, "malformed_json", "The body must be a JSON object.")
            return None

        return blueprint


def _mismatch() -> response.HTTPResponse:
    return _error(
        403,
        "channel_mismatch",
        "This conversation belongs to another channel; it continues only there.",
        "sender",
    )

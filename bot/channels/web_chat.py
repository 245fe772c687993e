"""The chat page's channel: Rasa's socket.io channel with three fixes.

- Only the holder of a web conversation's token joins it or writes into it: `session_request
  {"session_id", "token"}` and `user_uttered {"message", "session_id", "token", "metadata"}`.
  Rasa's own handlers join and write into any session id a client names, a Telegram chat or a
  `whatsapp:+1…` conversation included. A refused client is disconnected; nothing is emitted.
- Rasa 3.6 calls `sio.enter_room(...)` without `await`; in python-socketio 5 it is a coroutine,
  so with `session_persistence` the browser never joined its room and never got a reply.
- An agent's message (a `bot` event with `metadata.agent`, pushed by the backend) reaches the
  page with the agent's name; Rasa's socket.io output drops it.

With several Rasa instances (the production profile), rooms are shared through Redis
(`bot/channels/shared_rooms.py`): whichever instance the backend reaches, the one holding the
customer's socket sends the message.

credentials.yml names it `bot.channels.web_chat.WebChatInput` with Rasa's socket.io settings;
its name stays `socketio` (webhook `/socket.io`, claims filed with channel "socketio").
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.shared_rooms import share_rooms
from bot.channels.web_chat_access import ConversationAccess

logger = logging.getLogger(__name__)


class WebChatOutput(SocketIOOutput):
    """Rasa's socket.io output, plus `metadata.agent` on an agent's messages."""

    @staticmethod
    def _agent(kwargs: dict[str, Any]) -> dict[str, Any]:
        return {"metadata": {"agent": kwargs["agent"]}} if kwargs.get("agent") else {}

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            await self._send_message(recipient_id, {"text": part, **self._agent(kwargs)})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        messages = [{"text": part, **self._agent(kwargs)} for part in text.strip().split("\n\n")]
        messages[-1]["quick_replies"] = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons
        ]
        for message in messages:
            await self._send_message(recipient_id, message)


class WebChatInput(SocketIOInput):
    """Rasa's socket.io input, guarded by conversation tokens, whose rooms really are joined."""

    def __init__(self, *args: Any, access: ConversationAccess | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access or ConversationAccess.from_environment()
        # socket id -> the conversation this server started for it (no token needed for it)
        self.fresh_sessions: dict[str, str] = {}

    def get_output_channel(self) -> WebChatOutput | None:
        # None on an instance that does not hold the socket (Rasa warns the same way).
        return WebChatOutput(self.sio, self.bot_message_evt) if self.sio else None

    def allowed(self, sid: str, data: Any) -> str | None:
        """The conversation id `data` names, if it carries that conversation's token or is the
        fresh one this server gave the socket (a client that asked for no id in particular)."""
        if not isinstance(data, dict):
            return None
        session_id = data.get("session_id")
        if session_id is not None and session_id == self.fresh_sessions.get(sid):
            return session_id
        return session_id if self.access.allows(session_id, data.get("token")) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        share_rooms(sio)

        async def refuse(sid: str, event: str) -> None:
            logger.warning("Refused a socket.io %s without its conversation's token", event)
            await sio.disconnect(sid, namespace=self.namespace)

        async def session_request(sid: str, data: Any) -> None:
            if isinstance(data, dict) and not data.get("session_id"):
                # A new conversation nobody else can know: a standard socket.io chat widget
                # (without the chat page's token) may start one, and only this socket joins it.
                self.fresh_sessions[sid] = f"web-{uuid.uuid4().hex}"
                data = {"session_id": self.fresh_sessions[sid]}
            session_id = self.allowed(sid, data)
            if session_id is None:
                await refuse(sid, "session_request")
                return
            await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def disconnect(sid: str) -> None:
            self.fresh_sessions.pop(sid, None)

        async def user_uttered(sid: str, data: Any) -> None:
            session_id = self.allowed(sid, data)
            if session_id is None:
                await refuse(sid, self.user_message_evt)
                return
            # The token travels beside the metadata, so it never reaches the tracker.
            message = UserMessage(
                data.get("message", ""),
                self.get_output_channel(),
                session_id,
                input_channel=self.name(),
                metadata=read_metadata(data.get(self.metadata_key)),
            )
            await on_new_message(message)

        # Replace the handlers Rasa registered for the same events.
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, user_uttered, namespace=self.namespace)
        sio.on("disconnect", disconnect, namespace=self.namespace)
        return blueprint


def read_metadata(value: Any) -> dict[str, Any]:
    """A message's metadata as Rasa reads it (a dict, or a JSON string of one); else empty."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}

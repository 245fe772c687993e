"""The chat page's channel: Rasa's socket.io channel with two fixes.

- Rasa 3.6 calls `sio.enter_room(...)` without `await`; in python-socketio 5 it is a coroutine,
  so with `session_persistence` the browser never joined its room and never got a reply.
- An agent's message (a `bot` event with `metadata.agent`, pushed by the backend) reaches the
  page with the agent's name; Rasa's socket.io output drops it.

credentials.yml names it `bot.channels.web_chat.WebChatInput` with Rasa's socket.io settings;
its name stays `socketio` (webhook `/socket.io`, claims filed with channel "socketio").
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint


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
    """Rasa's socket.io input whose session request really joins the conversation's room."""

    def get_output_channel(self) -> WebChatOutput | None:
        # None on an instance that does not hold the socket (Rasa warns the same way).
        return WebChatOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio

        async def session_request(sid: str, data: dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid)

        # Replaces the handler Rasa registered for the same event.
        sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint

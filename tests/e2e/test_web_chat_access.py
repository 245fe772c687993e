"""Over Rasa's socket.io, only the holder of a web conversation's token joins or writes into it.

Clients here speak socket.io as the chat page does (python-socketio; over long-polling, as its
WebSocket transport needs a newer aiohttp than Rasa's: the server's checks are the same) to the
real Rasa process, naming conversations that are not theirs: another customer's web chat, a
Telegram chat, a WhatsApp number.
"""

from __future__ import annotations

import asyncio

import pytest
import socketio
from stack import Stack

from .chat import http
from .messaging import rasa_events

pytestmark = pytest.mark.e2e

REPLY_SECONDS = 60
# How long a refused client is watched for a reply that must never come.
SILENCE_SECONDS = 3


def new_conversation(stack: Stack) -> dict:
    """What the chat page gets from POST /api/chat/sessions: a conversation id and its token."""
    status, body = http("POST", f"http://127.0.0.1:{stack.ports.backend}/api/chat/sessions")
    assert status == 201, body
    return body


class Client:
    """One socket.io client, recording what Rasa sends it."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.confirmed: list[str] = []
        self.replies: list[dict] = []
        self.disconnected = asyncio.Event()
        self.sio.on("session_confirm", self.confirmed.append)
        self.sio.on("bot_uttered", self.replies.append)
        self.sio.on("disconnect", lambda *_: self.disconnected.set())

    async def connect(self, stack: Stack) -> Client:
        await self.sio.connect(f"http://127.0.0.1:{stack.ports.rasa}", transports=["polling"])
        return self

    async def join(self, session_id: str, token: str | None = None) -> None:
        await self.sio.emit("session_request", {"session_id": session_id, "token": token})

    async def say(self, session_id: str, text: str, token: str | None = None) -> None:
        await self.sio.emit(
            "user_uttered", {"message": text, "session_id": session_id, "token": token}
        )

    async def refused(self) -> bool:
        """Whether Rasa hung up on this client (and sent it no reply first)."""
        try:
            await asyncio.wait_for(self.disconnected.wait(), SILENCE_SECONDS)
        except asyncio.TimeoutError:
            await self.sio.disconnect()
            return False
        return not self.replies


async def wait_for(condition, seconds: float = REPLY_SECONDS) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.2)


async def test_only_the_token_holder_joins_and_writes_into_a_conversation(stack: Stack) -> None:
    victim = new_conversation(stack)
    intruder_session = new_conversation(stack)
    victim_id = victim["conversation_id"]

    owner = await Client().connect(stack)
    await owner.join(victim_id, victim["token"])
    await wait_for(lambda: owner.confirmed)
    await owner.say(victim_id, "hello", victim["token"])
    await wait_for(lambda: owner.replies)  # the owner is answered: the check lets it through
    await owner.sio.disconnect()

    without_token = await Client().connect(stack)
    await without_token.join(victim_id)
    assert await without_token.refused() and not without_token.confirmed

    with_own_token = await Client().connect(stack)
    await with_own_token.join(intruder_session["conversation_id"], intruder_session["token"])
    await wait_for(lambda: with_own_token.confirmed)
    await with_own_token.say(victim_id, "I am the customer now", intruder_session["token"])
    assert await with_own_token.refused()

    for other_channel in ("4242001", "whatsapp:+15550009999"):
        writer = await Client().connect(stack)
        await writer.say(other_channel, "hi, continue my claim", victim["token"])
        assert await writer.refused()
        assert rasa_events(stack, other_channel) == []

    said = [event["text"] for event in rasa_events(stack, victim_id) if event["event"] == "user"]
    assert said == ["hello"]


async def test_a_widget_without_a_token_gets_a_fresh_conversation_of_its_own(
    stack: Stack,
) -> None:
    # A standard socket.io chat widget asks for no id in particular: the server starts a new
    # conversation only that socket can use; another socket cannot write into it.
    widget = await Client().connect(stack)
    await widget.sio.emit("session_request", {"session_id": None})
    await wait_for(lambda: widget.confirmed)
    [conversation_id] = widget.confirmed
    assert conversation_id.startswith("web-")
    await widget.say(conversation_id, "hello")
    await wait_for(lambda: widget.replies)

    other = await Client().connect(stack)
    await other.say(conversation_id, "I am the customer now")
    assert await other.refused()
    await widget.sio.disconnect()
    said = [e["text"] for e in rasa_events(stack, conversation_id) if e["event"] == "user"]
    assert said == ["hello"]

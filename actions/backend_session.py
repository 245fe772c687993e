"""The action server's one HTTP session to the claims backend: opened on first use, its
connections kept alive between actions, closed when the action server stops.

A session belongs to an event loop; the action server runs one, tests run one per test, so the
session is kept per loop (the action server's process has exactly one).
"""

from __future__ import annotations

import asyncio
import weakref
from contextlib import suppress

import aiohttp
from sanic import Sanic
from sanic.exceptions import SanicException

# rasa_sdk's Sanic application, created before it imports the actions package.
ACTION_SERVER_APP = "rasa_sdk"

_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.ClientSession] = (
    weakref.WeakKeyDictionary()
)


def backend_session() -> aiohttp.ClientSession:
    """The running loop's session to the backend, opened on first use."""
    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        session = _sessions[loop] = aiohttp.ClientSession()
    return session


async def close_backend_session(*_: object) -> None:
    """Close the running loop's session, if one was opened (a Sanic listener's signature)."""
    session = _sessions.pop(asyncio.get_running_loop(), None)
    if session is not None:
        await session.close()


def close_when_the_action_server_stops() -> None:
    """Register ``close_backend_session`` with the action server, when there is one running."""
    with suppress(SanicException):  # imported outside the action server (tests, scripts)
        Sanic.get_app(ACTION_SERVER_APP).register_listener(
            close_backend_session, "after_server_stop"
        )

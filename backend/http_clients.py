"""The HTTP clients the backend calls out with, one of each per process: sellers' webhooks, the
Rasa server and partner insurers.

``open_http_clients`` opens them once and closes them at the end (the web application in its
``cleanup_ctx``, ``python -m backend work|dispatch`` around their work), so connections are
pooled and reused instead of opened per request or per outbox pass.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp

from backend.rasa_conversations import RasaConversations
from backend.settings import Settings
from backend.webhook_targets import webhook_connector


@dataclass(frozen=True)
class HttpClients:
    """The process's clients: ``webhooks`` reaches only public addresses unless allowed."""

    webhooks: aiohttp.ClientSession
    rasa: RasaConversations
    insurers: aiohttp.ClientSession


@asynccontextmanager
async def open_http_clients(settings: Settings) -> AsyncIterator[HttpClients]:
    """The clients the settings describe, open for the length of a ``with`` block."""
    async with (
        aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=settings.webhook_timeout_seconds),
            connector=webhook_connector(settings.webhook_allow_private),
        ) as webhooks,
        aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=settings.rasa_timeout_seconds)
        ) as rasa,
        aiohttp.ClientSession() as insurers,
    ):
        yield HttpClients(
            webhooks, RasaConversations(rasa, settings.rasa_url, settings.rasa_token), insurers
        )

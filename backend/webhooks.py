"""Seller webhooks: one signed HTTP POST of a notification to the URL the seller gave us.

The body is the notification as JSON; ``X-Claims-Signature: sha256=<hex>`` is the HMAC-SHA256 of
exactly those bytes under ``CLAIMS_WEBHOOK_SECRET``, so a seller can check that the marketplace
sent it. ``X-Claims-Message-Id`` names the outbox message: delivery is at least once, and a seller
that sees the same id twice has seen the same notification twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from typing import Any

import aiohttp

SIGNATURE_HEADER = "X-Claims-Signature"
MESSAGE_ID_HEADER = "X-Claims-Message-Id"
TOPIC_HEADER = "X-Claims-Topic"


def webhook_body(payload: dict[str, Any]) -> bytes:
    """The bytes sent (and signed) for ``payload``."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, body: bytes) -> str:
    """The signature header's value for ``body``: ``sha256=`` and the hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def post_webhook(
    http: aiohttp.ClientSession,
    url: str,
    message_id: int,
    topic: str,
    payload: dict[str, Any],
    secret: str | None,
) -> str | None:
    """POST the notification; ``None`` when the seller answered 2xx, else why it failed."""
    body = webhook_body(payload)
    headers = {
        "Content-Type": "application/json",
        MESSAGE_ID_HEADER: str(message_id),
        TOPIC_HEADER: topic,
    }
    if secret:
        headers[SIGNATURE_HEADER] = signature(secret, body)
    try:
        # Redirects are not followed: the marketplace posts to the URL on file and nowhere else.
        async with http.post(url, data=body, headers=headers, allow_redirects=False) as response:
            if 200 <= response.status < 300:
                return None
            return f"the seller's endpoint answered HTTP {response.status}"
    except asyncio.TimeoutError:
        return "the seller's endpoint did not answer in time"
    except aiohttp.ClientError as error:
        return f"could not reach the seller's endpoint: {error.__class__.__name__}: {error}"

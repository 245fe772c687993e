"""Rasa's HTTP API, the one way the backend reaches the assistant's conversations.

The agent desk reads a conversation (its tracker), writes into it (pause, resume, slots, an
agent's message sent to the customer's channel) and triggers intents (``agent_handback``). Any
failure to reach Rasa, or a refusal from it, comes back as ``AssistantUnavailable``: the desk
reports it (502 ``assistant_unavailable``) and keeps its handoffs as they were.

Conversation ids are one URL path segment that Rasa (Sanic) does not decode, so the API only
accepts ids made of characters that need no quoting (the contract's ``ConversationId``).

The transcript and the claim facts are read here too, from the tracker's events and slots.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from backend.clock import format_timestamp
from backend.rasa_auth import rasa_authorization
from claims_contract.claims import FACT_SLOTS

log = logging.getLogger(__name__)

# Rasa writes an intent triggered from outside as a user message with this prefix.
EXTERNAL_PREFIX = "EXTERNAL: "
# Send through the channel the customer last wrote on.
LATEST_CHANNEL = "latest"


class AssistantUnavailable(Exception):
    """Rasa could not be reached, or refused what the backend asked."""


class RasaConversations:
    """A client for Rasa's conversation endpoints over one HTTP session (``backend.http_clients``)."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, token: str | None) -> None:
        self._http = http
        self.base_url = URL(base_url)
        self.token = token

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        """The conversation's tracker: its events since the last restart and its slots."""
        tracker = await self._call(
            "GET", conversation_id, "tracker", {"include_events": "AFTER_RESTART"}
        )
        if not isinstance(tracker, dict):
            raise AssistantUnavailable("Rasa answered a tracker that is not a JSON object")
        return tracker

    async def append_events(
        self,
        conversation_id: str,
        events: Sequence[Mapping[str, Any]],
        output_channel: str | None = None,
        execute_side_effects: bool = False,
    ) -> None:
        """Add ``events`` to the conversation; with side effects, bot messages are sent out."""
        params = {}
        if output_channel is not None:
            params["output_channel"] = output_channel
        if execute_side_effects:
            params["execute_side_effects"] = "true"
        await self._call("POST", conversation_id, "tracker/events", params, list(events))

    async def trigger_intent(
        self, conversation_id: str, intent: str, output_channel: str = LATEST_CHANNEL
    ) -> None:
        """Act as if the customer had expressed ``intent``; replies go to ``output_channel``."""
        await self._call(
            "POST",
            conversation_id,
            "trigger_intent",
            {"output_channel": output_channel},
            {"name": intent},
        )

    async def _call(
        self,
        method: str,
        conversation_id: str,
        endpoint: str,
        params: dict[str, str],
        body: Any = None,
    ) -> Any:
        # Rasa does not unquote its paths: the API admits only ids this leaves as they are
        # (ConversationId: letters, digits, "_.:+@-"; "whatsapp:+1555..." stays readable).
        segment = quote(conversation_id, safe=":+@")
        path = f"{self.base_url.path.rstrip('/')}/conversations/{segment}/{endpoint}"
        url = self.base_url.with_path(path, encoded=True)
        headers = rasa_authorization(self.token) if self.token else {}
        try:
            async with self._http.request(
                method, url, params=params, json=body, headers=headers
            ) as response:
                if response.status >= 300:
                    detail = (await response.text())[:500]
                    raise AssistantUnavailable(
                        f"Rasa answered {response.status} to {method} {endpoint}: {detail}"
                    )
                return await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            log.warning("Rasa %s %s failed: %r", method, endpoint, error)
            raise AssistantUnavailable(f"Rasa could not be reached: {error!r}") from error
        except AssistantUnavailable as error:
            log.warning("%s", error)
            raise


def claim_facts(tracker: Mapping[str, Any]) -> dict[str, Any]:
    """The claim facts the assistant holds now: the fact slots that have a value."""
    slots = tracker.get("slots")
    if not isinstance(slots, dict):
        return {}
    return {name: slots[name] for name in FACT_SLOTS if slots.get(name) is not None}


def transcript(tracker: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What the customer, the assistant and agents said, oldest first.

    A button the customer pressed shows as its title rather than its payload; intents triggered
    from outside (``EXTERNAL: ...``) are not something anyone said, and are left out.
    """
    entries: list[dict[str, Any]] = []
    last_buttons: list[dict[str, str]] = []
    events = tracker.get("events")
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            continue
        metadata = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
        text = event.get("text") if isinstance(event.get("text"), str) else ""
        if event.get("event") == "user":
            if text.startswith(EXTERNAL_PREFIX):
                continue
            pressed = [button["title"] for button in last_buttons if button["payload"] == text]
            entry = _entry("customer", pressed[0] if pressed else text, event)
            entry["evidence_ids"] = _strings(metadata.get("evidence_ids"))
            entries.append(entry)
        elif event.get("event") == "bot":
            last_buttons = _buttons(event.get("data"))
            if not text and not last_buttons:
                continue  # an image or custom payload only: nothing to read
            agent = metadata.get("agent")
            entry = _entry("agent" if agent else "assistant", text, event)
            entry["buttons"] = last_buttons
            if agent:
                entry["agent"] = str(agent)
            entries.append(entry)
    return entries


def _entry(speaker: str, text: str, event: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "from": speaker,
        "text": text,
        "at": _moment(event.get("timestamp")),
        "buttons": [],
        "evidence_ids": [],
    }


def _moment(timestamp: Any) -> str | None:
    """Rasa's event timestamp (seconds since the epoch) as RFC 3339, if it has one."""
    if not isinstance(timestamp, (int, float)) or isinstance(timestamp, bool):
        return None
    try:
        return format_timestamp(datetime.fromtimestamp(timestamp, tz=timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def _buttons(data: Any) -> list[dict[str, str]]:
    """A bot message's buttons (or quick replies) as ``{"title", "payload"}``."""
    if not isinstance(data, dict):
        return []
    found = data.get("buttons") or data.get("quick_replies") or []
    return (
        [
            {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
            for button in found
            if isinstance(button, dict)
        ]
        if isinstance(found, list)
        else []
    )


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

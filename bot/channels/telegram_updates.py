"""Reading a Telegram Bot API update (the JSON Telegram posts to the webhook) into one message."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

# Telegram sends "/start" when a customer opens the bot; to the assistant it is a greeting.
START_COMMAND = "/start"
GREETING_INTENT = "/greet"
# Telegram re-sends an update it got no answer to in time (a slow turn); these many are remembered.
REMEMBERED_UPDATES = 1000


@dataclass(frozen=True)
class TelegramFile:
    """A photo or document in a message, known by its Telegram file id."""

    file_id: str
    label: str
    filename: str | None = None
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class TelegramMessage:
    """What the customer sent: text (or a button's payload) and files, in one chat."""

    chat_id: str
    text: str | None
    files: list[TelegramFile] = field(default_factory=list)
    callback_query_id: str | None = None


def read_update(update: dict[str, Any]) -> TelegramMessage | None:
    """The customer's message in an update; None for updates the assistant does not answer."""
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        return _read_button(callback)
    message = update.get("message") or update.get("edited_message")
    if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
        return None
    chat_id = str(message["chat"]["id"])
    text = message.get("text") or message.get("caption")
    if text and text.strip().split("@")[0] == START_COMMAND:
        text = GREETING_INTENT
    location = message.get("location")
    if not text and isinstance(location, dict):
        text = json.dumps({"lng": location.get("longitude"), "lat": location.get("latitude")})
    files = _files(message)
    if not text and not files:
        return None  # stickers, voice notes, joins: nothing to answer
    return TelegramMessage(chat_id=chat_id, text=text, files=files)


def _read_button(callback: dict[str, Any]) -> TelegramMessage | None:
    """A press on an inline keyboard button: its callback data is the button's payload."""
    message = callback.get("message") or {}
    chat = message.get("chat") or callback.get("from") or {}
    if "id" not in chat or not callback.get("data"):
        return None
    return TelegramMessage(
        chat_id=str(chat["id"]), text=callback["data"], callback_query_id=str(callback.get("id"))
    )


def _files(message: dict[str, Any]) -> list[TelegramFile]:
    """The largest size of a photo (Telegram sends several) and any document."""
    files = []
    photos = [photo for photo in message.get("photo") or [] if isinstance(photo, dict)]
    if photos:
        largest = max(
            photos,
            key=lambda photo: (
                photo.get("width", 0) * photo.get("height", 0),
                photo.get("file_size", 0),
            ),
        )
        files.append(
            TelegramFile(
                file_id=largest["file_id"],
                label="your photo",
                filename="photo.jpg",
                mime_type="image/jpeg",
                size=largest.get("file_size"),
            )
        )
    document = message.get("document")
    if isinstance(document, dict) and document.get("file_id"):
        name = document.get("file_name")
        files.append(
            TelegramFile(
                file_id=document["file_id"],
                label=f'the file "{name}"' if name else "your file",
                filename=name,
                mime_type=document.get("mime_type"),
                size=document.get("file_size"),
            )
        )
    return files


class RecentUpdates:
    """The ids of the last updates received, so that an update Telegram re-delivers is skipped."""

    def __init__(self, size: int = REMEMBERED_UPDATES) -> None:
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update: dict[str, Any]) -> bool:
        """Whether this update is new (an update without an id always is); remember it."""
        update_id = update.get("update_id")
        if not isinstance(update_id, int):
            return True
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True
